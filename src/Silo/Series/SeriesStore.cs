namespace UNet3D.Lab.Silo.Series;

/// <summary>
/// The metric series of every run (loss, learning rate, held-out IoU, …), stored append-only in the lab's LiteDB
/// file beside, not inside, the grains' states, so that no run is too long to store. Each call is one transaction,
/// and calls run one at a time. Blocking: grains call it through <c>Task.Run</c>, never on their scheduler.
/// </summary>
public sealed class SeriesStore(LabDatabase database)
{
    // The default and the largest number of points one read returns.
    public const int DefaultMaxPoints = 1000;
    public const int MaxPointsLimit = 100_000;

    private readonly Lock gate = new();

    private SeriesCollections Collections => new(
        database.Collection(SeriesCollections.SeriesCollection), database.Collection(SeriesCollections.ChunksCollection));

    /// <summary>
    /// Stores the points of each batch whose step lies after its series' last stored step, once: a resumed run
    /// that sends steps again changes nothing. Returns how many points were stored.
    /// </summary>
    public int Append(string run, IReadOnlyList<SeriesBatch> batches)
    {
        lock (gate)
        {
            return database.Atomically(() => batches.Sum(b => Collections.Append(run, b.Name, b.Points)));
        }
    }

    public int Append(string run, string name, IReadOnlyList<SeriesPoint> points) => Append(run, [new SeriesBatch(name, [.. points])]);

    /// <summary>
    /// Removes the points after <paramref name="step"/> from every series of the run (a resumed run sends those
    /// steps again); returns how many were removed.
    /// </summary>
    public int Truncate(string run, int step)
    {
        lock (gate)
        {
            return database.Atomically(() => Collections.Truncate(run, step));
        }
    }

    /// <summary>The run's series, by name; empty when it has none.</summary>
    public IReadOnlyList<SeriesSummary> List(string run)
    {
        lock (gate) return Collections.List(run);
    }

    /// <summary>The last stored step of a series, null when there is none: where a resumed run's points start to count.</summary>
    public int? LastStep(string run, string name)
    {
        lock (gate) return Collections.LastStep(run, name);
    }

    /// <summary>
    /// Steps <paramref name="from"/> to <paramref name="to"/> (both included; null: the series' start and end) of a
    /// series, cut down to at most <paramref name="maxPoints"/> with <see cref="SeriesDownsampler"/>, reading one
    /// chunk at a time; null when the run has no series of that name.
    /// </summary>
    public SeriesPage? Read(string run, string name, int? from = null, int? to = null, int maxPoints = DefaultMaxPoints)
    {
        if (maxPoints is < SeriesDownsampler.MinimumPoints or > MaxPointsLimit)
            throw new ArgumentOutOfRangeException(nameof(maxPoints), maxPoints, $"Between {SeriesDownsampler.MinimumPoints} and {MaxPointsLimit} points can be read at once.");
        lock (gate) return Collections.Read(run, name, from ?? 0, to ?? int.MaxValue, maxPoints);
    }

    /// <summary>Calls <paramref name="visit"/> with every point of a series in step order, one chunk in memory at a time; returns how many.</summary>
    public long Scan(string run, string name, Action<SeriesPoint> visit)
    {
        lock (gate)
        {
            long count = 0;
            foreach (var point in Collections.Points(run, name))
            {
                visit(point);
                count++;
            }
            return count;
        }
    }

    /// <summary>Removes every series of the run (when the run is deleted); returns how many there were.</summary>
    public int Delete(string run)
    {
        lock (gate)
        {
            return database.Atomically(() => Collections.Delete(run));
        }
    }
}
