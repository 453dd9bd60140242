namespace UNet3D.Lab.Experiments.Protocols;

/// <summary>
/// The mean of paired differences A − B (each pair the same sample and seed under two settings, e.g. 3D and 2D) with
/// its 95% confidence interval from Student's t, and n: what "3D beats 2D" rests on, with its uncertainty. The
/// interval is undefined (null) for a single pair.
/// </summary>
public sealed record PairedDifference(double Mean, double? Low, double? High, double? StandardDeviation, int N)
{
    public const double Confidence = 0.95;

    /// <summary>True when the whole interval lies above zero: A beats B at 95% confidence.</summary>
    public bool AboveZero => Low > 0;

    /// <summary>True when the whole interval lies below zero.</summary>
    public bool BelowZero => High < 0;

    /// <summary>The difference of the finite pairs; null when there is none.</summary>
    public static PairedDifference? Of(IEnumerable<(double A, double B)> pairs)
    {
        var differences = pairs.Where(p => double.IsFinite(p.A) && double.IsFinite(p.B)).Select(p => p.A - p.B).ToArray();
        if (differences.Length == 0) return null;
        var mean = differences.Average();
        if (differences.Length == 1) return new PairedDifference(mean, null, null, null, 1);
        var sd = Math.Sqrt(differences.Sum(d => (d - mean) * (d - mean)) / (differences.Length - 1));
        var half = StudentT.TwoSidedQuantile(Confidence, differences.Length - 1) * sd / Math.Sqrt(differences.Length);
        return new PairedDifference(mean, mean - half, mean + half, sd, differences.Length);
    }
}
