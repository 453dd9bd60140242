using System.Text.Json.Serialization;
using UNet3D.Lab.Experiments.Protocols;

namespace UNet3D.Lab.Silo.Ablations;

/// <summary>One sample's IoU over a group's runs: mean, sample sd (null for one run) and n.</summary>
public sealed record SampleStatistic(string Sample, double Mean, [property: JsonPropertyName("sd")] double? StandardDeviation, int N)
{
    /// <summary>The statistic of the defined values; null when there are none.</summary>
    public static SampleStatistic? Of(string sample, IEnumerable<double> values) =>
        Statistic.Of(values) is { } statistic ? new SampleStatistic(sample, statistic.Mean, statistic.StandardDeviation, statistic.N) : null;
}
