namespace UNet3D.Lab.Silo.Series;

/// <summary>
/// The series every training run records, by name: the loss and learning rate of every step and the held-out IoU
/// every <c>evaluateEvery</c> steps and after the last one, the headline and each class's. Names are what the API
/// serves them under (<c>/api/experiments/{id}/series/{name}</c>).
/// </summary>
public static class MetricSeries
{
    public const string Loss = "loss";

    public const string LearningRate = "learningRate";

    /// <summary>The headline IoU, averaged over the samples as the final metrics' mean IoU is.</summary>
    public const string ValidationIou = "validationIou";

    /// <summary>
    /// One class's IoU: <c>validationIou/tubule</c>, <c>validationIou/inside-tubule</c>, … for the paper's classes
    /// (null <paramref name="classes"/>); <c>validationIou/0</c>, <c>validationIou/1</c>, … by label for any other set,
    /// whose names may be any text.
    /// </summary>
    public static string ValidationIouOf(int label, LabelSet? classes = null) =>
        classes is null || classes.IsPaper
            ? $"{ValidationIou}/{SegmentationLabels.Name(label).Replace(' ', '-')}"
            : $"{ValidationIou}/{label.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    /// <summary>
    /// What a series name may be: 1 to 100 ASCII letters, digits and <c>-_./</c>, starting with a letter, so that it
    /// sits in a URL path as it is.
    /// </summary>
    public static bool IsValidName(string? name) =>
        name is { Length: > 0 and <= 100 } && char.IsAsciiLetter(name[0])
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/');

    /// <summary>The named points one training step adds: loss and learning rate, and the IoUs where it was measured.</summary>
    public static IEnumerable<(string Name, SeriesPoint Point)> Of(Experiments.Training.TrainingProgress progress)
    {
        var seconds = progress.Elapsed.TotalSeconds;
        yield return (Loss, new SeriesPoint(progress.Step, progress.Loss, seconds));
        yield return (LearningRate, new SeriesPoint(progress.Step, progress.LearningRate, seconds));
        if (progress.Validation is { } validation)
            foreach (var point in Of(validation, progress.Step, seconds))
                yield return point;
    }

    /// <summary>The held-out IoUs measured after <paramref name="step"/>; undefined ones (NaN) are no points.</summary>
    public static IEnumerable<(string Name, SeriesPoint Point)> Of(Experiments.Metrics.ValidationScore validation, int step, double seconds)
    {
        if (double.IsFinite(validation.HeadlineIoU)) yield return (ValidationIou, new SeriesPoint(step, validation.HeadlineIoU, seconds));
        var classes = validation.ClassNames is { } names ? new LabelSet(names) : null;
        for (var label = 0; label < validation.ClassIoU.Count; label++)
            if (double.IsFinite(validation.ClassIoU[label]))
                yield return (ValidationIouOf(label, classes), new SeriesPoint(step, validation.ClassIoU[label], seconds));
    }

    /// <summary>Named points grouped into one batch per series, each in step order.</summary>
    public static SeriesBatch[] Batches(IEnumerable<(string Name, SeriesPoint Point)> points) =>
        points.GroupBy(p => p.Name, StringComparer.Ordinal)
            .Select(g => new SeriesBatch(g.Key, g.Select(p => p.Point).OrderBy(p => p.Step).ToArray()))
            .ToArray();
}
