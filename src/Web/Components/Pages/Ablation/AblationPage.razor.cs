using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Components;
using UNet3D.Lab.Experiments.Protocols;
using UNet3D.Lab.Silo.Ablations;

namespace UNet3D.Lab.Web.Components.Pages;

/// <summary>
/// One ablation at its shareable URL: its groups with mean ± sd over the seeds as they complete, a chart of them, and
/// every run with its status and experiment.
/// </summary>
public partial class AblationPage : LabPage
{
    private AblationSnapshot? ablation;
    private IReadOnlyList<AblationGroup> groups = [];
    private bool loading = true;

    [Parameter]
    public required string Id { get; set; }

    [Inject]
    public required AblationClient Ablations { get; set; }

    private string ShareUrl => LinkTo($"/ablations/{Id}");

    protected override async Task OnParametersSetAsync()
    {
        Show(await Ablations.Get(Id));
        loading = false;
    }

    /// <summary>Fills in groups as their runs finish, until the ablation has.</summary>
    protected override async Task<bool> RefreshAsync()
    {
        if (ablation is { IsFinished: true }) return false;
        var latest = await Ablations.Get(Id);
        if (latest is not null && (ablation is null || latest.RunsFinished != ablation.RunsFinished || latest.Status != ablation.Status
            || latest.Cells.Sum(c => c.Runs.Sum(r => r.Step)) != ablation.Cells.Sum(c => c.Runs.Sum(r => r.Step))))
        {
            Show(latest);
            await InvokeAsync(StateHasChanged);
        }
        return ablation is not { IsFinished: true };
    }

    private void Show(AblationSnapshot? snapshot)
    {
        ablation = snapshot;
        groups = snapshot is null ? [] : AblationGroup.Of(snapshot);
    }

    /// <summary>"batchNorm=false", "annotatedSlices=[2,2,2]": a group's values in words.</summary>
    internal static IEnumerable<string> Chips(AblationGroup group) =>
        group.Values.Select(v => $"{v.Key}={v.Value switch { JsonValue s when s.TryGetValue<string>(out var text) => text, var other => other?.ToJsonString() ?? "null" }}");

    internal static string Format(Statistic? statistic) => statistic is null
        ? "–"
        : statistic.StandardDeviation is { } sd
            ? string.Create(CultureInfo.InvariantCulture, $"{statistic.Mean:F3} ± {sd:F3}")
            : string.Create(CultureInfo.InvariantCulture, $"{statistic.Mean:F3}");

    private static MudBlazor.Color StatusColor(AblationStatus status) => status switch
    {
        AblationStatus.Completed => MudBlazor.Color.Success,
        AblationStatus.Failed => MudBlazor.Color.Error,
        _ => MudBlazor.Color.Info,
    };
}
