using UNet3D.Lab.Experiments.Protocols;

namespace UNet3D.Lab.Web.Compare;

/// <summary>
/// Per-sample IoU as grouped bars: for each group, each sample's IoU over the group's runs (mean, sd, n); samples in
/// the order the runs measured them.
/// </summary>
public sealed record SampleBars(IReadOnlyList<string> Samples, IReadOnlyList<(CompareGroup Group, IReadOnlyList<Statistic?> Iou)> Groups)
{
    public bool IsEmpty => Groups.All(g => g.Iou.All(s => s is null));

    public static SampleBars Of(IReadOnlyList<CompareGroup> groups)
    {
        var samples = groups.SelectMany(g => g.Runs).SelectMany(r => r.Metrics.Samples.Select(s => s.Sample)).Distinct(StringComparer.Ordinal).ToArray();
        return new SampleBars(samples, groups.Select(g => (g, (IReadOnlyList<Statistic?>)samples
            .Select(sample => Statistic.Of(g.Runs.SelectMany(r => r.Metrics.Samples.Where(s => s.Sample == sample).Select(s => s.IoU))))
            .ToArray())).ToArray());
    }
}
