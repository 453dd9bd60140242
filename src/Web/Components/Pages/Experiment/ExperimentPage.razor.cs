using Microsoft.AspNetCore.Components;
using MudBlazor;
using UNet3D.Lab.Silo.Series;

namespace UNet3D.Lab.Web.Components.Pages;

/// <summary>
/// One experiment at its shareable URL: live curves while it trains (loss and learning rate, held-out IoU, from its
/// series, new steps only), per-sample IoU when it is done.
/// </summary>
public partial class ExperimentPage : LabPage
{
    private ExperimentSnapshot? experiment;
    private ExperimentSeriesFollower? series;
    private bool loading = true;

    [Parameter]
    public required string Id { get; set; }

    [Inject]
    public required ExperimentClient Experiments { get; set; }

    protected override TimeSpan RefreshInterval => TimeSpan.FromMilliseconds(500);

    private string ShareUrl => LinkTo($"/experiments/{Id}");

    /// <summary>The experiment's settings as they take effect, the preset's defaults filled in.</summary>
    private ExperimentSpec Training => experiment!.Config.Resolved();

    private string HeadlineClasses => string.Join(" + ", Training.EffectiveIouClasses.Select(SegmentationLabels.Name));

    /// <summary>The points the page holds of a series.</summary>
    private IReadOnlyList<SeriesPoint> Series(string name) => series?[name] ?? [];

    private IReadOnlyList<SeriesPoint> Loss => Series(MetricSeries.Loss);

    protected override async Task OnParametersSetAsync()
    {
        experiment = await Experiments.Get(Id);
        series = new ExperimentSeriesFollower(Experiments, Id);
        if (experiment is not null) await series.Refresh();
        loading = false;
    }

    /// <summary>Picks up new points and status until the experiment has finished.</summary>
    protected override async Task<bool> RefreshAsync()
    {
        if (experiment is { IsFinished: true }) return false;
        // Status first: once it says finished, every point of the run is stored, and the series read next has them all.
        var latest = await Experiments.Get(Id);
        var grown = series is not null && await series.Refresh();
        if (latest != experiment || grown)
        {
            experiment = latest;
            await InvokeAsync(StateHasChanged);
        }
        return experiment is not { IsFinished: true };
    }

    private async Task Cancel()
    {
        experiment = await Experiments.Cancel(Id);
    }

    private static string SlicesOf(DatasetSelection choice) =>
        choice.AnnotatedSlices is { } counts ? $" ({string.Join(", ", counts)} slices)" : "";

    private static string Format(double value) => double.IsNaN(value) ? "–" : value.ToString("F3");
}
