using UNet3D.Lab.Silo.Series;

namespace UNet3D.Lab.Web.Services;

/// <summary>
/// A page's copy of one experiment's metric series, kept current with few points: the first read takes each series
/// cut down on the silo to <see cref="MaxPoints"/>; after that, the points the experiment pushes are added (or, where
/// none are pushed, later reads take only the steps after the last one held). A series that has grown to twice
/// <see cref="MaxPoints"/> that way is read whole again, cut down, as a new list.
/// </summary>
public sealed class ExperimentSeriesFollower(ExperimentClient experiments, string id)
{
    public const int MaxPoints = 1000;

    private readonly Dictionary<string, List<SeriesPoint>> held = new(StringComparer.Ordinal);

    /// <summary>The points held of a series; empty before it has any. A new list whenever it was read whole again.</summary>
    public IReadOnlyList<SeriesPoint> this[string name] => held.TryGetValue(name, out var points) ? points : [];

    /// <summary>
    /// Adds pushed points after the last step held of their series (a point the page already read is skipped); returns
    /// whether a series grew so long that it should be read again cut down (<see cref="Refresh"/>).
    /// </summary>
    public bool Add(IEnumerable<SeriesBatch> batches)
    {
        var tooLong = false;
        foreach (var batch in batches)
        {
            if (!held.TryGetValue(batch.Name, out var points)) held[batch.Name] = points = [];
            var after = points.Count > 0 ? points[^1].Step : int.MinValue;
            points.AddRange(batch.Points.Where(p => p.Step > after).OrderBy(p => p.Step));
            tooLong |= points.Count >= 2 * MaxPoints;
        }
        return tooLong;
    }

    /// <summary>Reads what is new; returns whether anything was.</summary>
    public async Task<bool> Refresh()
    {
        var changed = false;
        foreach (var summary in await experiments.ListSeries(id) ?? [])
        {
            var points = held.GetValueOrDefault(summary.Name);
            if (points is { Count: > 0 } && points[^1].Step >= summary.LastStep) continue;
            var whole = points is null or { Count: 0 } || points.Count >= 2 * MaxPoints;
            var page = await experiments.ReadSeries(id, summary.Name, whole ? null : points![^1].Step + 1, maxPoints: MaxPoints);
            if (page is null || page.Points.Length == 0) continue;
            if (whole) held[summary.Name] = [.. page.Points];
            else points!.AddRange(page.Points);
            changed = true;
        }
        return changed;
    }
}
