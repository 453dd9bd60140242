using Microsoft.AspNetCore.Components;
using PersistentStateAttribute = Microsoft.AspNetCore.Components.PersistentStateAttribute;
using UNet3D.Lab.Silo.Runs;

namespace UNet3D.Lab.Web.Components.Pages;

/// <summary>
/// The runs table, the lab's home page: a page of the run index at a time, sorted by a header, filtered and searched,
/// with the columns a reader chose. Everything but the selected rows lives in the URL, so a link shows the same table;
/// the page follows runs while they train. The server does the paging and sorting; the first page is in the prerendered
/// HTML and handed to the interactive page, so the rows show before the page is interactive and are not asked for twice.
/// </summary>
public partial class ExperimentsPage : LabPage
{
    private static readonly int[] PageSizes = [25, 50, 100];

    private readonly List<string> selected = [];

    // Views this page put into the URL that the router has not handed back yet: an echo of one is no news.
    private readonly List<RunsView> written = [];

    private readonly Dictionary<string, string> ablationNames = [];

    private RunsView view = RunsView.Default;
    private IReadOnlyList<SpecProblem> urlProblems = [];
    private IReadOnlyList<SpecProblem> filterProblems = [];

    private RunPage? shown;
    private bool loading;
    private bool prerenderedTaken;

    // Each load has a number; only the latest one's answer is shown.
    private int loads;

    private string[] tags = [];
    private IReadOnlyList<AblationSnapshot> ablations = [];

    [Inject]
    public required ExperimentClient Experiments { get; set; }

    [Inject]
    public required AblationClient Ablations { get; set; }

    /// <summary>The query of the page the prerender read, as its URL writes it; with <see cref="PrerenderedPage"/>.</summary>
    [PersistentState]
    public string? PrerenderedQuery { get; set; }

    /// <summary>That page (<see cref="RunPageStateSerializer"/>), when it fits the circuit's first message.</summary>
    [PersistentState]
    public RunPage? PrerenderedPage { get; set; }

    [SupplyParameterFromQuery(Name = RunQueryParameters.Search)]
    public string? Search { get; set; }

    [SupplyParameterFromQuery(Name = RunQueryParameters.Status)]
    public string? Status { get; set; }

    [SupplyParameterFromQuery(Name = RunQueryParameters.Model)]
    public string? Model { get; set; }

    [SupplyParameterFromQuery(Name = RunQueryParameters.Preset)]
    public string? Preset { get; set; }

    [SupplyParameterFromQuery(Name = RunQueryParameters.Tag)]
    public string? Tag { get; set; }

    [SupplyParameterFromQuery(Name = RunQueryParameters.Ablation)]
    public string? Ablation { get; set; }

    [SupplyParameterFromQuery(Name = RunQueryParameters.Sort)]
    public string? Sort { get; set; }

    [SupplyParameterFromQuery(Name = RunQueryParameters.Limit)]
    public string? Limit { get; set; }

    [SupplyParameterFromQuery(Name = RunQueryParameters.Offset)]
    public string? Offset { get; set; }

    [SupplyParameterFromQuery(Name = RunsView.ColumnsParameter)]
    public string? Columns { get; set; }

    private string CompareLink => $"/compare?ids={string.Join(',', selected.Select(Uri.EscapeDataString))}";

    private bool NoFilters => view.Query is { Search: null, Status: null, Model: null, Preset: null, Tag: null, Ablation: null };

    private IEnumerable<string> TagChoices =>
        view.Query.Tag is { } current && !tags.Any(t => RunAnnotation.TagKey(t) == RunAnnotation.TagKey(current)) ? tags.Append(current) : tags;

    protected override async Task OnParametersSetAsync()
    {
        var (fromUrl, problems) = RunsView.Read(UrlParameters());
        var echo = written.IndexOf(fromUrl);
        if (echo >= 0)
        {
            written.RemoveRange(0, echo + 1);
            if (written.Count > 0 || fromUrl == view) return;
        }
        urlProblems = problems;
        if (fromUrl == view && shown is not null) return;
        view = fromUrl;
        filterProblems = [];

        if (Prerendered(view.Query) is { } page) shown = page;
        else await Reload();
        if (!RendererInfo.IsInteractive && shown is not null && RunPageStateSerializer.Fits(shown))
        {
            PrerenderedQuery = RunQueryParameters.Format(view.Query);
            PrerenderedPage = shown;
        }
        if (view.Query.Ablation is { } ablation && !ablationNames.ContainsKey(ablation) && await Ablations.Get(ablation) is { } known)
            ablationNames[ablation] = Describe(known);
    }

    /// <summary>The page the prerender read for <paramref name="query"/>, once: later loads ask the lab.</summary>
    private RunPage? Prerendered(RunQuery query)
    {
        if (prerenderedTaken || PrerenderedPage is not { } page || PrerenderedQuery != RunQueryParameters.Format(query)) return null;
        prerenderedTaken = true;
        return page;
    }

    /// <summary>Reads the view's page from the run index.</summary>
    private async Task Reload()
    {
        var load = ++loads;
        loading = true;
        try
        {
            var page = await Experiments.List(view.Query);
            if (load == loads) shown = page;
        }
        finally
        {
            if (load == loads) loading = false;
        }
    }

    /// <summary>Reads the shown page again and redraws the table only when a run on it (or the total) changed.</summary>
    protected override async Task<bool> RefreshAsync()
    {
        await InvokeAsync(async () =>
        {
            if (shown is null || loading) return;
            var load = loads;
            var page = await Experiments.List(view.Query);
            if (load != loads || LabJson.SameContent(page, shown)) return;
            shown = page;
            StateHasChanged();
        });
        return true;
    }

    /// <summary>Makes <paramref name="next"/> the view, puts it into the URL (replacing the history entry) and loads its page.</summary>
    private async Task Show(RunsView next)
    {
        if (next == view) return;
        var newPage = next.Query != view.Query;
        view = next;
        written.Add(next);
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameters(next.ToParameters().ToDictionary(p => p.Key, p => (object?)p.Value)), replace: true);
        if (newPage) await Reload();
    }

    private async Task Filter(string parameter, string? value)
    {
        var (next, problems) = view.With(parameter, value);
        filterProblems = problems;
        await Show(next);
    }

    private Task FilterByTag(string tag) => Filter(RunQueryParameters.Tag, tag);

    /// <summary>A header's sort: from the first page, as the order of every page changes.</summary>
    private Task SortBy((RunSortColumn Column, bool Descending) order) =>
        Show(view with { Query = view.Query with { Sort = order.Column, Descending = order.Descending, Offset = 0 } });

    private Task GoTo(int offset) => Show(view with { Query = view.Query with { Offset = offset } });

    /// <summary>A new page size keeps the first run shown on the page it lands on.</summary>
    private Task SetPageSize(int limit) => Show(view with { Query = view.Query with { Limit = limit, Offset = view.Query.Offset / limit * limit } });

    private Task ShowColumn(RunColumn column, bool show) => Show(view.WithColumn(column, show));

    private void Select(string id, bool on)
    {
        if (!on) selected.Remove(id);
        else if (!selected.Contains(id)) selected.Add(id);
    }

    // The selects' choices are read when a select opens, not for every visit of the home page.
    private async Task LoadTags(bool open)
    {
        if (open) tags = await Experiments.Tags();
    }

    private async Task LoadAblations(bool open)
    {
        if (!open) return;
        ablations = await Ablations.List();
        foreach (var ablation in ablations) ablationNames[ablation.Id] = Describe(ablation);
    }

    private Dictionary<string, string?> UrlParameters() => new()
    {
        [RunQueryParameters.Search] = Search,
        [RunQueryParameters.Status] = Status,
        [RunQueryParameters.Model] = Model,
        [RunQueryParameters.Preset] = Preset,
        [RunQueryParameters.Tag] = Tag,
        [RunQueryParameters.Ablation] = Ablation,
        [RunQueryParameters.Sort] = Sort,
        [RunQueryParameters.Limit] = Limit,
        [RunQueryParameters.Offset] = Offset,
        [RunsView.ColumnsParameter] = Columns,
    };

    /// <summary>The value of a filter as the URL writes it, for its select.</summary>
    private string? Chosen(string parameter) => view.ToParameters()[parameter];

    private string? ErrorOf(string parameter) => filterProblems.Where(p => p.Field == parameter).Select(p => p.Message).FirstOrDefault();

    /// <summary>A sort's name as its column's header says it.</summary>
    private static string SortName(RunSortColumn column) =>
        column == RunSortColumn.Name ? "Name" : RunColumn.All.First(c => c.Sort == column).Label;

    private string AblationName(string? id) => id is null ? "" : ablationNames.GetValueOrDefault(id, id);

    private static string Describe(AblationSnapshot ablation) => $"{ablation.Name} ({(ablation.Table is null ? "grid" : "table")})";

    private static string RunsText(int total) => total == 1 ? "1 run" : $"{total} runs";
}
