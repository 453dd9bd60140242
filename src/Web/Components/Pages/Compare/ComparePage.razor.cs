using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.WebUtilities;
using UNet3D.Lab.Silo.Feeds;
using UNet3D.Lab.Web.Access;
using UNet3D.Lab.Web.Compare;

namespace UNet3D.Lab.Web.Components.Pages;

/// <summary>
/// Runs side by side at <c>/compare?ids=…</c> or <c>?ablation=…</c>: their curves (smoothed, against step or wall time,
/// one line per run or a mean ± sd band per group), the configuration fields that differ, their metrics, per-sample
/// IoU and the paired difference of two groups. Every control's state is in the URL, so the link shows the same view
/// anywhere. The runs and their series are read once; every change of the controls recomputes from memory.
/// A comparison link's visitor may open any compare URL: the page reads only the runs the link holds and names the
/// others as not shared, and offers no way to add runs.
/// </summary>
public partial class ComparePage : LabPage
{
    private CompareQuery query = CompareQuery.Default;
    private IReadOnlyList<SpecProblem> queryProblems = [];
    private CompareData? data;
    private CompareView? view;
    private CompareLoader? loader;
    private bool loading;
    private bool unchanged;
    private bool redrawPending;

    /// <summary>While runs train, their pushed points are drawn at most this often (a point a second per run would redraw 50 times a second).</summary>
    internal static TimeSpan LiveRedrawInterval { get; set; } = TimeSpan.FromSeconds(1);

    [Inject]
    public required ExperimentClient Experiments { get; set; }

    [Inject]
    public required AblationClient Ablations { get; set; }

    // The router hands a page new query values when only the query changes (a link to another comparison, back and
    // forward); the page then reads the whole query itself (CompareQueryParameters), to name each bad value.
    [SupplyParameterFromQuery(Name = CompareQueryParameters.Ids)] public string? IdsParameter { get; set; }
    [SupplyParameterFromQuery(Name = CompareQueryParameters.Ablation)] public string? AblationParameter { get; set; }
    [SupplyParameterFromQuery(Name = CompareQueryParameters.Series)] public string? SeriesParameter { get; set; }
    [SupplyParameterFromQuery(Name = CompareQueryParameters.Smooth)] public string? SmoothParameter { get; set; }
    [SupplyParameterFromQuery(Name = CompareQueryParameters.X)] public string? XParameter { get; set; }
    [SupplyParameterFromQuery(Name = CompareQueryParameters.LogY)] public string? LogYParameter { get; set; }
    [SupplyParameterFromQuery(Name = CompareQueryParameters.GroupBy)] public string? GroupByParameter { get; set; }
    [SupplyParameterFromQuery(Name = CompareQueryParameters.Hidden)] public string? HiddenParameter { get; set; }
    [SupplyParameterFromQuery(Name = CompareQueryParameters.Pair)] public string[]? PairParameter { get; set; }

    /// <summary>Whether a share link's visitor is looking (shown no run picker; the loader restricts what is read).</summary>
    private bool IsShareVisitor => Authentication is { IsCompletedSuccessfully: true } state && LabClaims.IsShare(state.Result.User);

    private async Task<CompareLoader> LoaderAsync() =>
        loader ??= new CompareLoader(Experiments, Ablations, CompareLoader.VisitorOf(Authentication is null ? null : (await Authentication).User));

    private string ShareUrl => LinkTo(CompareQueryParameters.PathOf(query));

    private IReadOnlyList<SpecProblem> Problems => [.. queryProblems, .. data?.Problems ?? []];

    /// <summary>The series the runs record, and any the query names that none does (drawn empty, so the choice shows).</summary>
    private IReadOnlyList<string> SeriesChoices => [.. data?.SeriesNames ?? [], .. query.Series.Where(s => data?.SeriesNames.Contains(s) != true)];

    private string ExportUrl(string file) => $"/api/compare/{file}?{CompareQueryParameters.Format(query)}";

    private static string ChartIdOf(string series) => "compare-chart-" + series.Replace('/', '-').Replace('.', '-');

    protected override async Task OnParametersSetAsync()
    {
        var (parsed, problems) = CompareQueryParameters.Parse(QueryHelpers.ParseQuery(new Uri(Navigation.Uri).Query));
        queryProblems = problems;
        // The prerendered page is thrown away: the runs are read once, when the page is interactive.
        if (!RendererInfo.IsInteractive)
        {
            query = parsed;
            return;
        }
        // The page's own change of the URL comes back here after the page has shown it.
        unchanged = view is not null && parsed.SameView(query);
        if (unchanged) return;
        query = parsed;
        await Show();
    }

    protected override bool ShouldRender()
    {
        if (!unchanged) return true;
        unchanged = false;
        return false;
    }

    /// <summary>Shows the view <paramref name="next"/> and puts it in the URL (replacing the entry: the back button leaves the comparison).</summary>
    private async Task Apply(CompareQuery next)
    {
        query = next;
        queryProblems = [];
        await Show();
        Navigation.NavigateTo(CompareQueryParameters.PathOf(next), replace: true);
    }

    private async Task Show()
    {
        if (!query.HasRuns)
        {
            (data, view, loading) = (null, null, false);
            return;
        }
        var asked = query;
        if (data is null || data.RunSet != CompareData.RunSetOf(query))
        {
            (loading, view) = (true, null);
            StateHasChanged();
            var loaded = await (await LoaderAsync()).Load(query);
            if (!ReferenceEquals(query, asked)) return;
            (data, loading) = (loaded, false);
            await RefollowAsync();
        }
        else
        {
            await (await LoaderAsync()).LoadSeries(data, query.Series);
        }
        // While this view loaded, the URL may have asked for another (or for none): that one shows instead.
        if (!ReferenceEquals(query, asked) || data is null) return;
        view = CompareView.Of(data, query, view);
    }

    /// <summary>Follows every run of the view that is still training: its grain pushes its state and new points.</summary>
    protected override async Task FollowAsync()
    {
        if (data is not { } following) return;
        foreach (var run in following.Runs.Where(r => !r.Snapshot.IsFinished).ToArray())
        {
            var (now, feed) = await Experiments.Follow(run.Id, change => InvokeAsync(() => Changed(following, change)), LabStopping);
            if (feed is null) continue;
            Keep(feed);
            await InvokeAsync(async () =>
            {
                if (!ReferenceEquals(data, following) || now is null) return;
                await (await LoaderAsync()).Reread(following, run.Id);
                following.Apply(new ExperimentChange(now, []));
                Redraw(following);
            });
        }
    }

    private async Task Changed(CompareData following, ExperimentChange change)
    {
        if (!ReferenceEquals(data, following) || !following.Apply(change)) return;
        if (redrawPending) return;
        redrawPending = true;
        // Several pushes in a second make one redraw.
        try { await Task.Delay(change.Snapshot.IsFinished ? TimeSpan.Zero : LiveRedrawInterval, LabStopping); }
        catch (OperationCanceledException) { return; }
        redrawPending = false;
        Redraw(following);
    }

    private void Redraw(CompareData following)
    {
        if (!ReferenceEquals(data, following)) return;
        view = CompareView.Of(following, query, view);
        StateHasChanged();
    }

    private Task AddRun(string id) => IsShareVisitor ? Task.CompletedTask : Apply(query with { Ids = [.. query.Ids, id], Hidden = [.. query.Hidden.Where(h => h != id)] });

    /// <summary>A run named in the link leaves it; one of the ablation's is hidden instead (the ablation keeps naming it).</summary>
    private Task RemoveRun(string id) => query.Ids.Contains(id)
        ? Apply(query with { Ids = [.. query.Ids.Where(i => i != id)], Hidden = [.. query.Hidden.Where(h => h != id)] })
        : Apply(query.WithHidden(id, true));
}
