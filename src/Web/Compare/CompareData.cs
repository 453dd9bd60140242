using UNet3D.Lab.Silo.Series;

namespace UNet3D.Lab.Web.Compare;

/// <summary>
/// What a compare view has read from the lab: its runs, the ablation it was opened from, the series the runs record,
/// and the points of each series read so far, held so that smoothing, grouping and hiding runs recompute from memory
/// instead of reading again. <see cref="CompareLoader"/> fills it.
/// </summary>
public sealed class CompareData
{
    private readonly Dictionary<string, IReadOnlyDictionary<string, SeriesPoint[]>> series = new(StringComparer.Ordinal);

    public CompareData(IReadOnlyList<CompareRun> runs, AblationSnapshot? ablation, IReadOnlyList<string> seriesNames, string runSet,
        IReadOnlyList<SpecProblem>? missing = null, IReadOnlyList<SpecProblem>? cut = null)
    {
        Runs = runs;
        Ablation = ablation;
        SeriesNames = seriesNames;
        RunSet = runSet;
        Missing = missing ?? [];
        Problems = [.. Missing, .. cut ?? []];
    }

    public IReadOnlyList<CompareRun> Runs { get; }

    public AblationSnapshot? Ablation { get; }

    /// <summary>Every series some run records, the lab's own first (loss, learningRate, validationIou, per class).</summary>
    public IReadOnlyList<string> SeriesNames { get; }

    /// <summary>Runs or an ablation that were asked for and are not in the lab.</summary>
    public IReadOnlyList<SpecProblem> Missing { get; }

    /// <summary><see cref="Missing"/>, and more runs than a view shows.</summary>
    public IReadOnlyList<SpecProblem> Problems { get; }

    /// <summary>The ids and ablation this was read for: a view that names other runs needs a new read.</summary>
    public string RunSet { get; }

    public bool HasSeries(string name) => series.ContainsKey(name);

    /// <summary>The points of a run's series read so far, in step order; empty when it has none.</summary>
    public IReadOnlyList<SeriesPoint> Points(string run, string name) =>
        series.TryGetValue(name, out var runs) && runs.TryGetValue(run, out var points) ? points : [];

    /// <summary>Holds the points of a series, run id → points in step order.</summary>
    public void Add(string name, IReadOnlyDictionary<string, SeriesPoint[]> points) => series[name] = points;

    /// <summary>The key of <see cref="RunSet"/> for a query.</summary>
    public static string RunSetOf(CompareQuery query) => $"{string.Join(',', query.Ids)}|{query.Ablation}";
}
