using Microsoft.AspNetCore.Components;
using MudBlazor;
using UNet3D.Lab.Silo.Ablations;
using UNet3D.Lab.Silo.Json;
using UNet3D.Lab.Silo.Runs;

namespace UNet3D.Lab.Web.Components.Pages;

/// <summary>
/// The runs table, the lab's home page: a page of the run index at a time, sorted by a header, filtered and searched,
/// with the columns a reader chose. Everything but the selected rows lives in the URL, so a link shows the same table;
/// the page follows runs while they train.
/// </summary>
public partial class ExperimentsPage : LabPage
{
    private static readonly int[] PageSizes = [25, 50, 100];
    private static readonly string NameSort = LabJson.NameOf(RunSortColumn.Name);

    private readonly List<string> selected = [];

    // Views this page put into the URL that the router has not handed back yet: an echo of one is no news.
    private readonly List<RunsView> written = [];

    private MudTable<RunRow>? table;
    private RunsView view = RunsView.Default;
    private IReadOnlyList<SpecProblem> urlProblems = [];
    private IReadOnlyList<SpecProblem> filterProblems = [];

    // A link that changes the view from outside gets a new table, which starts at this page and size.
    private int tableKey;
    private int firstPage;
    private int pageSize = RunQuery.DefaultLimit;

    private RunPage? shown;
    private (RunQuery Query, RunPage Page)? prefetched;
    private string[] tags = [];
    private IReadOnlyList<AblationSnapshot> ablations = [];

    [Inject]
    public required ExperimentClient Experiments { get; set; }

    [Inject]
    public required AblationClient Ablations { get; set; }

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

    protected override async Task OnInitializedAsync()
    {
        var (tagsInUse, ablationsKnown) = (Experiments.Tags(), Ablations.List());
        tags = await tagsInUse;
        ablations = await ablationsKnown;
    }

    protected override void OnParametersSet()
    {
        var (fromUrl, problems) = RunsView.Read(UrlParameters());
        var echo = written.IndexOf(fromUrl);
        if (echo >= 0)
        {
            written.RemoveRange(0, echo + 1);
            if (written.Count > 0 || fromUrl == view) return;
        }
        urlProblems = problems;
        if (fromUrl == view && table is not null) return;
        view = fromUrl;
        filterProblems = [];
        firstPage = view.Query.Offset / view.Query.Limit;
        pageSize = view.Query.Limit;
        tableKey++;
    }

    /// <summary>
    /// The table's data: the page and sort it asks for, with the view's filters. A sort or page the reader chose goes
    /// into the URL first.
    /// </summary>
    private async Task<TableData<RunRow>> Load(TableState state, CancellationToken cancellation)
    {
        var query = view.Query with { Limit = state.PageSize, Offset = state.Page * state.PageSize };
        // No sort label has a direction when the URL sorts by a hidden column: that sort stays.
        if (state.SortDirection != SortDirection.None && LabJson.ParseName<RunSortColumn>(state.SortLabel) is { } column)
            query = query with { Sort = column, Descending = state.SortDirection == SortDirection.Descending };
        Show(view with { Query = query });

        var page = prefetched is { } ready && ready.Query == query ? ready.Page : await Experiments.List(query);
        prefetched = null;
        if (!cancellation.IsCancellationRequested)
        {
            shown = page;
            StateHasChanged();
        }
        return new TableData<RunRow> { Items = page.Items, TotalItems = page.Total };
    }

    /// <summary>Reads the shown page again and redraws the table only when a run on it (or the total) changed.</summary>
    protected override async Task<bool> RefreshAsync()
    {
        await InvokeAsync(async () =>
        {
            if (table is null || shown is null) return;
            var query = view.Query;
            var page = await Experiments.List(query);
            if (query != view.Query || LabJson.SameContent(page, shown)) return;
            prefetched = (query, page);
            await table.ReloadServerData();
        });
        return true;
    }

    private async Task Filter(string parameter, string? value)
    {
        var (next, problems) = view.With(parameter, value);
        filterProblems = problems;
        if (next == view) return;
        Show(next);
        if (table is null) return;
        // The filters change what the pages hold: back to the first.
        if (table.CurrentPage != 0) table.NavigateTo(0);
        else await table.ReloadServerData();
    }

    private Task FilterByTag(string tag) => Filter(RunQueryParameters.Tag, tag);

    private void ShowColumn(RunColumn column, bool show) => Show(view.WithColumn(column, show));

    private void Select(string id, bool on)
    {
        if (!on) selected.Remove(id);
        else if (!selected.Contains(id)) selected.Add(id);
    }

    private async Task LoadTags() => tags = await Experiments.Tags();

    /// <summary>Makes <paramref name="next"/> the view and puts it into the URL, replacing the history entry.</summary>
    private void Show(RunsView next)
    {
        if (next == view) return;
        view = next;
        written.Add(next);
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameters(next.ToParameters().ToDictionary(p => p.Key, p => (object?)p.Value)), replace: true);
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

    private SortDirection InitialDirection(RunSortColumn column) =>
        view.Query.Sort != column ? SortDirection.None : view.Query.Descending ? SortDirection.Descending : SortDirection.Ascending;

    /// <summary>The first click on a header puts the best first: highest IoU, lowest loss, shortest, newest.</summary>
    private static SortDirection FirstDirection(RunSortColumn column) =>
        column is RunSortColumn.FinalLoss or RunSortColumn.Duration or RunSortColumn.Name ? SortDirection.Ascending : SortDirection.Descending;

    private string AblationName(string? id) =>
        id is null ? "" : ablations.FirstOrDefault(a => a.Id == id) is { } a ? $"{a.Name} ({(a.Table is null ? "grid" : "table")})" : id;

    private static string RunsText(int total) => total == 1 ? "1 run" : $"{total} runs";
}
