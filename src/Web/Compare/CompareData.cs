using UNet3D.Lab.Silo.Feeds;
using UNet3D.Lab.Silo.Series;

namespace UNet3D.Lab.Web.Compare;

/// <summary>
/// What a compare view has read from the lab: its runs, the ablation it was opened from, the series the runs record,
/// and the points of each series read so far, held so that smoothing, grouping and hiding runs recompute from memory
/// instead of reading again. <see cref="CompareLoader"/> fills it; <see cref="Apply"/> takes in what a training run pushes.
/// </summary>
public sealed class CompareData
{
    private readonly Dictionary<string, Dictionary<string, SeriesPoint[]>> series = new(StringComparer.Ordinal);
    private IReadOnlyList<CompareRun> runs;

    public CompareData(IReadOnlyList<CompareRun> runs, AblationSnapshot? ablation, IReadOnlyList<string> seriesNames, string runSet,
        IReadOnlyList<SpecProblem>? missing = null, IReadOnlyList<SpecProblem>? cut = null, IReadOnlyList<SpecProblem>? refused = null)
    {
        this.runs = runs;
        Ablation = ablation;
        SeriesNames = seriesNames;
        RunSet = runSet;
        Missing = missing ?? [];
        Refused = refused ?? [];
        Problems = [.. Refused, .. Missing, .. cut ?? []];
    }

    /// <summary>The runs as last read or pushed: a new list whenever one of them changes, so that views made of the old one are seen to be stale.</summary>
    public IReadOnlyList<CompareRun> Runs => runs;

    public AblationSnapshot? Ablation { get; }

    /// <summary>Every series some run records, the lab's own first (loss, learningRate, validationIou, per class).</summary>
    public IReadOnlyList<string> SeriesNames { get; }

    /// <summary>Runs or an ablation that were asked for and are not in the lab.</summary>
    public IReadOnlyList<SpecProblem> Missing { get; }

    /// <summary>Runs or an ablation that were asked for and that a share link's visitor may not read (not read at all).</summary>
    public IReadOnlyList<SpecProblem> Refused { get; }

    /// <summary><see cref="Refused"/>, <see cref="Missing"/>, and more runs than a view shows.</summary>
    public IReadOnlyList<SpecProblem> Problems { get; }

    /// <summary>The ids and ablation this was read for: a view that names other runs needs a new read.</summary>
    public string RunSet { get; }

    public bool HasSeries(string name) => series.ContainsKey(name);

    /// <summary>The points of a run's series read so far, in step order; empty when it has none.</summary>
    public IReadOnlyList<SeriesPoint> Points(string run, string name) =>
        series.TryGetValue(name, out var runs) && runs.TryGetValue(run, out var points) ? points : [];

    /// <summary>Holds the points of a series, run id → points in step order.</summary>
    public void Add(string name, IReadOnlyDictionary<string, SeriesPoint[]> points) => series[name] = new Dictionary<string, SeriesPoint[]>(points, StringComparer.Ordinal);

    /// <summary>The names of the series held so far.</summary>
    public IReadOnlyList<string> HeldSeries => series.Keys.ToArray();

    /// <summary>Replaces one run's points of a series (read again after following it).</summary>
    public void Replace(string run, string name, SeriesPoint[] points)
    {
        if (series.TryGetValue(name, out var byRun)) byRun[run] = points;
    }

    /// <summary>
    /// Takes in what a run's grain pushed: its state now, and new points of the series held (points at or before a step
    /// already held are ones read before, and are dropped). False when the run is not in this view.
    /// </summary>
    public bool Apply(ExperimentChange change)
    {
        var id = change.Snapshot.Id;
        var run = runs.FirstOrDefault(r => r.Id == id);
        if (run is null) return false;
        foreach (var batch in change.Points)
        {
            if (!series.TryGetValue(batch.Name, out var byRun)) continue;
            var held = byRun.GetValueOrDefault(id, []);
            var last = held.Length == 0 ? int.MinValue : held[^1].Step;
            byRun[id] = [.. held, .. batch.Points.Where(p => p.Step > last)];
        }
        var changed = run with { Snapshot = change.Snapshot, Metrics = RunMetrics.Of(change.Snapshot, Points(id, MetricSeries.ValidationIou)) };
        runs = runs.Select(r => ReferenceEquals(r, run) ? changed : r).ToArray();
        return true;
    }

    /// <summary>The key of <see cref="RunSet"/> for a query.</summary>
    public static string RunSetOf(CompareQuery query) => $"{string.Join(',', query.Ids)}|{query.Ablation}";
}
