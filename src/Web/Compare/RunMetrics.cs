using UNet3D.Lab.Silo.Series;

namespace UNet3D.Lab.Web.Compare;

/// <summary>
/// What the compare view's tables show of one run: the final loss, the best and the last held-out IoU measured while
/// it trained, the mean and per-class IoU of its final metrics, how long it trained, and each sample's IoU. Null where
/// the run has no such value yet (or it is undefined).
/// </summary>
/// <param name="ClassIou">Per label of the run's classes, the IoU averaged over the samples.</param>
/// <param name="Samples">Each sample's headline IoU, in the run's order.</param>
public sealed record RunMetrics(
    double? FinalLoss,
    double? BestValidationIou,
    double? LastValidationIou,
    double? MeanIou,
    IReadOnlyList<double?> ClassIou,
    double? DurationSeconds,
    IReadOnlyList<(string Sample, double IoU)> Samples)
{
    /// <param name="validation">The run's <see cref="MetricSeries.ValidationIou"/> points, in step order.</param>
    public static RunMetrics Of(ExperimentSnapshot run, IReadOnlyList<SeriesPoint> validation)
    {
        var metrics = run.Metrics;
        var classIou = Enumerable.Range(0, metrics?.LabelSet.Count ?? SegmentationLabels.ClassCount)
            .Select(label => Mean(metrics?.Samples.Select(s => label < s.ClassIoU.Count ? s.ClassIoU[label] : double.NaN) ?? []))
            .ToArray();
        var finite = validation.Where(p => double.IsFinite(p.Value)).ToArray();
        return new RunMetrics(
            Finite(metrics?.FinalLoss ?? run.LastLoss),
            finite.Length > 0 ? finite.Max(p => p.Value) : Finite(run.BestValidationIou),
            finite.Length > 0 ? finite[^1].Value : null,
            Finite(metrics?.MeanIoU),
            classIou,
            metrics is not null ? metrics.TrainingSeconds : run.StartedAt is { } started && run.FinishedAt is { } finished ? (finished - started).TotalSeconds : null,
            metrics?.Samples.Select(s => (s.Sample, s.IoU)).ToArray() ?? []);
    }

    private static double? Mean(IEnumerable<double> values)
    {
        var finite = values.Where(double.IsFinite).ToArray();
        return finite.Length == 0 ? null : finite.Average();
    }

    private static double? Finite(double? value) => value is { } v && double.IsFinite(v) ? v : null;
}
