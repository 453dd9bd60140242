using System.Globalization;
using System.Text.Json.Serialization;

namespace UNet3D.Lab.Experiments.Protocols;

/// <summary>
/// Mean, sample standard deviation (n − 1 in the denominator; null for a single value) and count of the finite
/// values of a cell: one value per seed.
/// </summary>
public sealed record Statistic(double Mean, [property: JsonPropertyName("sd")] double? StandardDeviation, int N)
{
    /// <summary>The statistic of the finite values; null when there are none (NaN, an undefined IoU, is left out).</summary>
    public static Statistic? Of(IEnumerable<double> values)
    {
        var finite = values.Where(double.IsFinite).ToArray();
        if (finite.Length == 0) return null;
        var mean = finite.Average();
        double? sd = finite.Length < 2 ? null : Math.Sqrt(finite.Sum(v => (v - mean) * (v - mean)) / (finite.Length - 1));
        return new Statistic(mean, sd, finite.Length);
    }

    /// <summary>"0.812 ± 0.010 (n=3)", or "0.812 (n=1)".</summary>
    public override string ToString() => Format("F3");

    public string Format(string number) => StandardDeviation is { } sd
        ? string.Create(CultureInfo.InvariantCulture, $"{Mean.ToString(number, CultureInfo.InvariantCulture)} ± {sd.ToString(number, CultureInfo.InvariantCulture)} (n={N})")
        : string.Create(CultureInfo.InvariantCulture, $"{Mean.ToString(number, CultureInfo.InvariantCulture)} (n={N})");
}
