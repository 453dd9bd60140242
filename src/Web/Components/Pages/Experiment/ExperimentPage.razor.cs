using Microsoft.AspNetCore.Components;
using MudBlazor;
using UNet3D.Lab.Silo.Feeds;
using UNet3D.Lab.Silo.Series;
using UNet3D.Lab.Web.Access;

namespace UNet3D.Lab.Web.Components.Pages;

/// <summary>
/// One experiment at its shareable URL: live curves while it trains (loss and learning rate, held-out IoU, from its
/// series; new points are pushed by the experiment's grain), per-sample IoU when it is done.
/// </summary>
public partial class ExperimentPage : LabPage
{
    private ExperimentSnapshot? experiment;
    private LabelSet classes = LabelSet.Paper;
    private ExperimentSeriesFollower? series;
    private bool loading = true;

    [Parameter]
    public required string Id { get; set; }

    [Inject]
    public required ExperimentClient Experiments { get; set; }

    [Inject]
    public required DatasetClient Datasets { get; set; }

    private string ShareUrl => LinkTo($"/experiments/{Id}");

    /// <summary>The experiment's settings as they take effect, the preset's defaults filled in.</summary>
    private ExperimentSpec Training => experiment!.Config.Resolved();

    private string HeadlineClasses => string.Join(" + ", Training.EffectiveIouClasses.Select(classes.Name));

    /// <summary>The points the page holds of a series.</summary>
    private IReadOnlyList<SeriesPoint> Series(string name) => series?[name] ?? [];

    private IReadOnlyList<SeriesPoint> Loss => Series(MetricSeries.Loss);

    protected override async Task OnParametersSetAsync()
    {
        // The viewer keeps its view in the query string: a new query is the same run, not a reason to read it again.
        if (experiment?.Id == Id) return;
        experiment = await Experiments.Get(Id);
        if (experiment is not null) classes = await Api.RunClasses.Of(experiment, Datasets);
        series = new ExperimentSeriesFollower(Experiments, Id);
        if (experiment is not null) await series.Refresh();
        loading = false;
        await RefollowAsync();
    }

    /// <summary>
    /// Follows the experiment while it is not finished: its grain pushes status, progress and new series points. Points
    /// that arrived between the first read and the follow are read once after it; any pushed twice are kept once.
    /// </summary>
    protected override async Task FollowAsync()
    {
        if (experiment is null or { IsFinished: true }) return;
        var (now, feed) = await Experiments.Follow(Id, change => InvokeAsync(() => Apply(change)), LabStopping);
        if (feed is null) return;
        Keep(feed);
        await InvokeAsync(async () =>
        {
            experiment = now;
            await series!.Refresh();
            StateHasChanged();
        });
    }

    private async Task Apply(ExperimentChange change)
    {
        experiment = change.Snapshot;
        if (change.Snapshot.Metrics is { } metrics) classes = metrics.LabelSet;
        // A finished run's series are complete in the store: read them once more so the page ends exactly as stored.
        if (series!.Add(change.Points) || change.Snapshot.IsFinished) await series.Refresh();
        StateHasChanged();
    }

    private async Task Cancel()
    {
        if (!await LabClaims.CanAsync(Authentication, LabRoles.Editor)) return;
        experiment = await Experiments.Cancel(Id);
    }

    /// <summary>The datasets the viewer offers: those the run was measured on and those it trained on.</summary>
    private IReadOnlyList<string> ViewedDatasets =>
        [.. Api.MeasuredDatasets.Of(experiment!).Concat((experiment!.Config.Datasets ?? []).Select(d => d.Id)).Distinct()];

    /// <summary>Slices per axis the run was taught on in a dataset; null for one it only measured.</summary>
    private IReadOnlyList<int>? TaughtSlices(string datasetId)
    {
        var spec = experiment!.Config;
        if (spec.Datasets is not { } trained) return (spec.TestDatasets ?? []).Any(t => t.Id == datasetId) ? null : spec.AnnotatedSlices;
        return trained.FirstOrDefault(d => d.Id == datasetId) is { } d ? d.AnnotatedSlices ?? spec.AnnotatedSlices : null;
    }

    /// <summary>Editors paint the datasets the run trained on, to correct them and retrain.</summary>
    private bool CanPaint(string datasetId) => CanEdit && experiment!.Config.Datasets is { } trained && trained.Any(d => d.Id == datasetId);

    private static string SlicesOf(DatasetSelection choice) =>
        choice.AnnotatedSlices is { } counts ? $" ({string.Join(", ", counts)} slices)" : "";

    private static string Format(double value) => double.IsNaN(value) ? "–" : value.ToString("F3");
}
