using UNet3D.Lab.Experiments.Protocols;

namespace UNet3D.Lab.Web.Compare;

/// <summary>A group's metrics over its runs, each as mean, sample sd and n of the runs that have a value.</summary>
public sealed record GroupMetrics(
    CompareGroup Group,
    Statistic? FinalLoss,
    Statistic? BestValidationIou,
    Statistic? LastValidationIou,
    Statistic? MeanIou,
    IReadOnlyList<Statistic?> ClassIou,
    Statistic? DurationSeconds)
{
    public static GroupMetrics Of(CompareGroup group)
    {
        var metrics = group.Runs.Select(r => r.Metrics).ToArray();
        return new GroupMetrics(
            group,
            Of(metrics.Select(m => m.FinalLoss)),
            Of(metrics.Select(m => m.BestValidationIou)),
            Of(metrics.Select(m => m.LastValidationIou)),
            Of(metrics.Select(m => m.MeanIou)),
            Enumerable.Range(0, metrics.Length == 0 ? 0 : metrics.Max(m => m.ClassIou.Count))
                .Select(label => Of(metrics.Select(m => label < m.ClassIou.Count ? m.ClassIou[label] : null))).ToArray(),
            Of(metrics.Select(m => m.DurationSeconds)));
    }

    private static Statistic? Of(IEnumerable<double?> values) => Statistic.Of(values.OfType<double>());
}
