namespace UNet3D.Lab.Silo.Series;

/// <summary>
/// Cuts a range of a series down to at most <c>maxPoints</c> for drawing so that spikes and both ends survive
/// (min/max per bucket). Points arrive one at a time in step order, as the store streams its chunks, and only
/// O(maxPoints) of them are held:
/// <list type="number">
/// <item>While no more than <c>maxPoints</c> have arrived all are kept: a range that holds no more comes back whole,
/// exactly.</item>
/// <item>Otherwise the first and the last point of the range are kept, and the steps strictly between them are cut
/// into B = (maxPoints − 2) / 2 buckets of equal width in steps. Each bucket keeps its lowest and its highest point
/// (the first of equal ones), in step order, once when they are the same point.</item>
/// </list>
/// So the result has at most 2 + 2B ≤ maxPoints points, in step order; the range's minimum and maximum are among
/// them, and a spike of a single step is never averaged away. The range's last step must be known before the points
/// arrive (the store knows it); its first step is that of the first point.
/// </summary>
public sealed class SeriesDownsampler
{
    /// <summary>The fewest points asked for that still hold both ends.</summary>
    public const int MinimumPoints = 2;

    private readonly int maxPoints;
    private readonly int lastStep;
    private readonly SeriesPoint[] lows;
    private readonly SeriesPoint[] highs;
    private readonly bool[] filled;
    private List<SeriesPoint>? all = [];
    private SeriesPoint first;
    private SeriesPoint latest;

    /// <param name="lastStep">The step of the range's last point.</param>
    public SeriesDownsampler(int maxPoints, int lastStep)
    {
        if (maxPoints < MinimumPoints)
            throw new ArgumentOutOfRangeException(nameof(maxPoints), maxPoints, $"At least {MinimumPoints} points are needed to keep both ends of a range.");
        this.maxPoints = maxPoints;
        this.lastStep = lastStep;
        var buckets = (maxPoints - 2) / 2;
        lows = new SeriesPoint[buckets];
        highs = new SeriesPoint[buckets];
        filled = new bool[buckets];
    }

    /// <summary>Points seen so far.</summary>
    public long Count { get; private set; }

    /// <summary>The next point; steps must rise and not pass the range's last step.</summary>
    public void Add(SeriesPoint point)
    {
        if (point.Step > lastStep)
            throw new ArgumentException($"Step {point.Step} lies after the range's last step {lastStep}.", nameof(point));
        if (Count > 0 && point.Step <= latest.Step)
            throw new ArgumentException($"Step {point.Step} follows step {latest.Step}: points must come in rising step order.", nameof(point));
        Count++;
        latest = point;
        if (all is not null)
        {
            all.Add(point);
            if (all.Count > maxPoints) all = null;
        }
        if (Count == 1)
        {
            first = point;
            return;
        }
        if (point.Step == lastStep || lows.Length == 0) return;

        // Interior steps first+1 … last−1, spread evenly over the buckets.
        long span = lastStep - first.Step - 1;
        var bucket = (int)((point.Step - first.Step - 1L) * lows.Length / span);
        if (!filled[bucket])
        {
            (lows[bucket], highs[bucket], filled[bucket]) = (point, point, true);
            return;
        }
        if (point.Value < lows[bucket].Value) lows[bucket] = point;
        if (point.Value > highs[bucket].Value) highs[bucket] = point;
    }

    /// <summary>The points kept, in step order.</summary>
    public SeriesPoint[] Result()
    {
        if (all is not null) return [.. all];
        var kept = new List<SeriesPoint>(maxPoints) { first };
        for (var bucket = 0; bucket < lows.Length; bucket++)
        {
            if (!filled[bucket]) continue;
            var (low, high) = (lows[bucket], highs[bucket]);
            var (earlier, later) = low.Step <= high.Step ? (low, high) : (high, low);
            Keep(kept, earlier);
            if (later.Step != earlier.Step) Keep(kept, later);
        }
        kept.Add(latest);
        return [.. kept];
    }

    /// <summary>At most <paramref name="maxPoints"/> of <paramref name="points"/> (in rising step order), as described above.</summary>
    public static SeriesPoint[] Downsample(IReadOnlyList<SeriesPoint> points, int maxPoints)
    {
        if (points.Count == 0) return [];
        var sampler = new SeriesDownsampler(maxPoints, points[^1].Step);
        foreach (var point in points) sampler.Add(point);
        return sampler.Result();
    }

    // The last point may have fallen into a bucket when the range ended before the step it was announced to end at.
    private void Keep(List<SeriesPoint> kept, SeriesPoint point)
    {
        if (point.Step != latest.Step) kept.Add(point);
    }
}
