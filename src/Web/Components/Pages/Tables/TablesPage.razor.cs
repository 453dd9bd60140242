using Microsoft.AspNetCore.Components;
using MudBlazor;
using UNet3D.Lab.Experiments.Presets;
using UNet3D.Lab.Experiments.Protocols;
using UNet3D.Lab.Web.Access;

namespace UNet3D.Lab.Web.Components.Pages;

/// <summary>
/// Reproduces one of the paper's tables: pick table, preset, seeds and datasets and run; at <c>/tables/{id}</c> (the
/// link to share) the cells fill in live, then the finished table stands beside the paper's with the claims and a
/// per-dataset chart.
/// </summary>
public partial class TablesPage : LabPage
{
    private AblationSnapshot? suite;
    private AblationTableReport? report;
    private IReadOnlyList<AblationSnapshot>? suites;
    private bool loading = true;

    private int table = 1;
    private string preset = ExperimentPresets.Smoke.Name;
    private string datasets = string.Join(", ", AblationClient.DefaultDatasets(ExperimentPresets.Smoke.Name));
    private int seeds = 1;
    private int? iterations;
    private bool fresh;
    private bool submitting;
    private string? tooLong;
    private IReadOnlyList<SpecProblem> problems = [];

    [Parameter]
    public string? SuiteId { get; set; }

    [Inject]
    public required AblationClient Suites { get; set; }

    [Inject]
    public required RunLengthLimit Limit { get; set; }

    private string ShareUrl => LinkTo($"/tables/{SuiteId}");

    private int PresetIterations => (ExperimentPresets.All.FirstOrDefault(p => p.Name == preset) ?? ExperimentPresets.Smoke).DefaultIterations;

    private string IouClassNames => suite is null ? "tubule" : string.Join(" + ", suite.IouClasses.Select(SegmentationLabels.Name));

    protected override async Task OnParametersSetAsync()
    {
        loading = true;
        if (SuiteId is null)
        {
            suite = null;
            report = null;
            suites = await Suites.Tables();
        }
        else
        {
            Show(await Suites.Get(SuiteId));
        }
        loading = false;
        await RefollowAsync();
    }

    /// <summary>Fills in the table's cells as its grain pushes its changes.</summary>
    protected override Task FollowAsync() => SuiteId is null || suite is null or { IsFinished: true }
        ? Task.CompletedTask
        : FollowGrain<AblationSnapshot>((changed, stopping) => Suites.Follow(SuiteId, changed, stopping), Show);

    /// <summary>The list of table runs, while the page shows it.</summary>
    protected override async Task<bool> RefreshAsync()
    {
        if (SuiteId is not null) return true;
        suites = await Suites.Tables();
        await InvokeAsync(StateHasChanged);
        return true;
    }

    private void Show(AblationSnapshot? snapshot)
    {
        suite = snapshot;
        report = snapshot is null ? null : AblationTableReport.Of(snapshot);
    }

    private void PresetChanged(string value)
    {
        // The datasets follow the preset while they are still the previous preset's phantom.
        if (Parse(datasets).SequenceEqual(AblationClient.DefaultDatasets(preset))) datasets = string.Join(", ", AblationClient.DefaultDatasets(value));
        preset = value;
    }

    private static string[] Parse(string? text) =>
        (text ?? "").Split([',', ' ', '\n', '\t', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private TableRequest Request => new()
    {
        Table = table,
        Preset = preset,
        Seeds = seeds,
        Datasets = Parse(datasets) is { Length: > 0 } ids ? ids : null,
        Iterations = iterations,
        Fresh = fresh,
    };

    /// <param name="force">Start even when it would train longer than Lab:MaxRunHours (the researcher said so).</param>
    private async Task Run(bool force = false)
    {
        if (!await LabClaims.CanAsync(Authentication, LabRoles.Editor)) return;
        submitting = true;
        tooLong = null;
        try
        {
            var request = Request;
            if (!force)
            {
                var check = await Suites.CheckTable(request);
                if (check.Problems.Length == 0 && await Limit.TooLong(check.Configurations, request.Seeds) is { } reason)
                {
                    tooLong = reason;
                    return;
                }
            }
            var (started, refusals) = await Suites.StartTable(request);
            problems = refusals;
            if (started is not null) Navigation.NavigateTo($"/tables/{started.Id}");
        }
        finally
        {
            submitting = false;
        }
    }

    private string? ErrorOf(string field) => problems.Where(p => p.Field == field).Select(p => p.Message).FirstOrDefault();

    private bool HasError(string field) => ErrorOf(field) is not null;

    private static Color StatusColor(AblationStatus status) => status switch
    {
        AblationStatus.Running => Color.Info,
        AblationStatus.Completed => Color.Success,
        _ => Color.Error,
    };

    private static Color VerdictColor(ClaimVerdict verdict) => verdict switch
    {
        ClaimVerdict.Holds => Color.Success,
        ClaimVerdict.DoesNotHold => Color.Error,
        _ => Color.Default,
    };
}
