using UNet3D.Lab.Silo.Series;

namespace UNet3D.Lab.Web.Compare;

/// <summary>
/// Everything a compare view shows, as its URL holds it (<see cref="CompareQueryParameters"/> reads and writes it):
/// which runs (listed, an ablation's, or both), which series, the smoothing, the x axis, a log y axis, the field the
/// runs are grouped by, the runs hidden and the two groups whose paired difference is shown.
/// </summary>
public sealed record CompareQuery
{
    public const double MaxSmoothing = CurveSmoothing.MaxWeight;

    /// <summary>The most runs one view compares; an ablation with more shows its first ones.</summary>
    public const int MaxRuns = Silo.Runs.RunQuery.MaxIds;

    public static IReadOnlyList<string> DefaultSeries { get; } = [MetricSeries.Loss];

    public static CompareQuery Default { get; } = new();

    /// <summary>Runs named one by one, in the order they are shown.</summary>
    public IReadOnlyList<string> Ids { get; init; } = [];

    /// <summary>An ablation (grid or table run) whose runs are compared, after <see cref="Ids"/>.</summary>
    public string? Ablation { get; init; }

    /// <summary>One chart per series, in this order.</summary>
    public IReadOnlyList<string> Series { get; init; } = DefaultSeries;

    /// <summary>EMA weight, 0 (raw) to <see cref="MaxSmoothing"/>.</summary>
    public double Smooth { get; init; }

    public CompareAxis X { get; init; } = CompareAxis.Step;

    public bool LogY { get; init; }

    /// <summary>A configuration field (its API name); null draws every run on its own.</summary>
    public string? GroupBy { get; init; }

    /// <summary>Runs left out of charts, groups and tables of metrics (still listed in the configuration table).</summary>
    public IReadOnlyList<string> Hidden { get; init; } = [];

    /// <summary>Two values of <see cref="GroupBy"/>: the paired difference first − second; null when none is chosen.</summary>
    public (string First, string Second)? Pair { get; init; }

    public bool HasRuns => Ids.Count > 0 || Ablation is not null;

    public bool IsHidden(string run) => Hidden.Contains(run, StringComparer.Ordinal);

    /// <summary>The same view with the run hidden (or shown again).</summary>
    public CompareQuery WithHidden(string run, bool hidden) => this with
    {
        Hidden = hidden ? [.. Hidden.Where(h => h != run), run] : [.. Hidden.Where(h => h != run)],
    };

    /// <summary>Same view as text: records compare lists by reference, the URL by content.</summary>
    public bool SameView(CompareQuery other) => CompareQueryParameters.Format(this) == CompareQueryParameters.Format(other);
}
