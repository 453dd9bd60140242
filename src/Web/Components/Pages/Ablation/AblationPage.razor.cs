using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Components;
using UNet3D.Lab.Experiments.Protocols;

namespace UNet3D.Lab.Web.Components.Pages;

/// <summary>
/// One ablation at its shareable URL: its groups with mean ± sd over the seeds as they complete, a chart of them, and
/// every run with its status and experiment, live: its grain pushes each change.
/// </summary>
public partial class AblationPage : LabPage
{
    private AblationSnapshot? ablation;
    private IReadOnlyList<AblationGroup> groups = [];
    private bool loading = true;
    private LabelSet classes = LabelSet.Paper;

    [Parameter]
    public required string Id { get; set; }

    [Inject]
    public required AblationClient Ablations { get; set; }

    [Inject]
    public required DatasetClient Datasets { get; set; }

    private string ShareUrl => LinkTo($"/ablations/{Id}");

    protected override async Task OnParametersSetAsync()
    {
        Show(await Ablations.Get(Id));
        // One class list per ablation (its runs share their datasets): the first dataset's names its columns.
        classes = ablation?.Datasets is [var first, ..] && await Datasets.Find(first) is { } dataset ? dataset.LabelSet : LabelSet.Paper;
        loading = false;
        await RefollowAsync();
    }

    /// <summary>Fills in groups and runs as the ablation's grain pushes its changes, until it has finished.</summary>
    protected override Task FollowAsync() => ablation is null or { IsFinished: true }
        ? Task.CompletedTask
        : FollowGrain<AblationSnapshot>((changed, stopping) => Ablations.Follow(Id, changed, stopping), Show);

    /// <summary>One bar per group with a headline value: its mean IoU over the seeds, sd as the error bar.</summary>
    private IReadOnlyList<ChartBar> Bars =>
        groups.Where(g => g.MeanIou is not null).Select(g => new ChartBar("", string.Join("<br>", Chips(g)), g.MeanIou!)).ToArray();

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
