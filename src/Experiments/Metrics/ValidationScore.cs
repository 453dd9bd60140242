namespace UNet3D.Lab.Experiments.Metrics;

/// <summary>
/// How well the network segments the held-out voxels at one moment of training: the headline IoU, averaged over the
/// samples as <c>ExperimentResult.MeanIoU</c> is, and the IoU of each class (indexed by label), averaged the same way.
/// Samples where a value is undefined (NaN) are left out of its mean; NaN when no sample defines it.
/// </summary>
public sealed record ValidationScore(double HeadlineIoU, IReadOnlyList<double> ClassIoU)
{
    /// <summary>The names of the classes <see cref="ClassIoU"/> is indexed by; null when they are the paper's three.</summary>
    public IReadOnlyList<string>? ClassNames { get; init; }

    /// <param name="samples">Each sample's headline IoU and its per-class IoU.</param>
    public static ValidationScore Of(IEnumerable<(double Headline, IReadOnlyList<double> Classes)> samples)
    {
        var all = samples.ToArray();
        var classes = all.Length == 0 ? 0 : all.Max(s => s.Classes.Count);
        return new ValidationScore(
            MeanOfDefined(all.Select(s => s.Headline)),
            Enumerable.Range(0, classes).Select(c => MeanOfDefined(all.Where(s => c < s.Classes.Count).Select(s => s.Classes[c]))).ToArray());
    }

    public static ValidationScore Of(IEnumerable<SegmentationScore> scores) => Of(scores.Select(s => (s.HeadlineIoU, s.IoU)));

    private static double MeanOfDefined(IEnumerable<double> values) => values.Where(double.IsFinite).DefaultIfEmpty(double.NaN).Average();
}
