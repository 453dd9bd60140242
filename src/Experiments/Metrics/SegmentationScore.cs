namespace UNet3D.Lab.Experiments.Metrics;

/// <summary>Per-class IoU and Dice of one sample, and the headline IoU over <see cref="HeadlineClasses"/>.</summary>
public sealed record SegmentationScore(
    string Sample,
    IReadOnlyList<double> IoU,
    IReadOnlyList<double> Dice,
    IReadOnlyList<int> HeadlineClasses,
    double HeadlineIoU,
    long EvaluatedVoxels)
{
    /// <summary>The default headline: the tubule class (label 1), the structure the paper segments.</summary>
    public static readonly IReadOnlyList<int> DefaultHeadlineClasses = [1];

    public static SegmentationScore From(string sample, ConfusionMatrix matrix, IReadOnlyList<int>? headlineClasses = null)
    {
        var headline = headlineClasses ?? DefaultHeadlineClasses;
        var iou = Enumerable.Range(0, matrix.Classes).Select(matrix.IntersectionOverUnion).ToArray();
        var dice = Enumerable.Range(0, matrix.Classes).Select(matrix.Dice).ToArray();
        var defined = headline.Select(c => iou[c]).Where(v => !double.IsNaN(v)).ToArray();
        return new SegmentationScore(sample, iou, dice, headline, defined.Length == 0 ? double.NaN : defined.Average(), matrix.Total);
    }
}
