namespace UNet3D.Lab.Web.Compare;

/// <summary>
/// What a compare view shows, computed from the data it holds and its query in one pass: the configuration diff (of
/// every run, the hidden ones too), the groups of the shown runs with their colours, one chart per series, the groups'
/// metrics, per-sample IoU bars and the paired difference of two groups. Nothing here reads the lab.
/// </summary>
public sealed record CompareView(
    CompareQuery Query,
    IReadOnlyList<CompareRun> Runs,
    IReadOnlyList<CompareRun> Shown,
    ConfigDiff Diff,
    IReadOnlyList<CompareGroup> Groups,
    IReadOnlyList<CurveChartModel> Charts,
    IReadOnlyList<GroupMetrics> Metrics,
    SampleBars Samples,
    GroupPairing? Pairing)
{
    public bool IsGrouped => Query.GroupBy is not null;

    /// <summary>The names of the per-class IoU columns (<see cref="CompareClasses"/>).</summary>
    public IReadOnlyList<string> ClassNames => CompareClasses.Names(Runs.Select(r => r.Snapshot));

    /// <summary>The fields whose values differ between the runs, but the name (each row is labelled by it).</summary>
    public IReadOnlyList<string> DifferingFields => Diff.Differing.Where(f => f != ConfigDiff.NameField).ToArray();

    /// <summary>Every configuration field, but the name.</summary>
    public IReadOnlyList<string> AllFields => Diff.Fields.Where(f => f != ConfigDiff.NameField).ToArray();

    /// <summary>The colour a run is drawn in: its own, or its group's.</summary>
    public string ColorOf(CompareRun run) => Groups.FirstOrDefault(g => g.Runs.Contains(run))?.Color ?? ComparePalette.Color(run.Index);

    /// <param name="previous">
    /// The view shown so far, of the same data: the parts whose inputs did not change are taken from it as they are
    /// (the groups, metrics and bars when only the smoothing changes; a chart whose series, smoothing and axes stay),
    /// so that nothing is recomputed or redrawn that would come out the same.
    /// </param>
    public static CompareView Of(CompareData data, CompareQuery query, CompareView? previous = null)
    {
        if (previous is not null && !ReferenceEquals(previous.Runs, data.Runs)) previous = null;
        var sameGroups = previous is not null && previous.Query.GroupBy == query.GroupBy && previous.Query.Hidden.SequenceEqual(query.Hidden);
        var shown = sameGroups ? previous!.Shown : data.Runs.Where(r => !query.IsHidden(r.Id)).ToArray();
        var groups = sameGroups ? previous!.Groups : GroupsOf(shown, data.Runs, query.GroupBy);
        var charts = query.Series.Select(series =>
            sameGroups && previous!.Charts.FirstOrDefault(c => c.Series == series) is { } chart
                && (chart.X, chart.LogY, chart.Smooth) == (query.X, query.LogY, query.Smooth)
                ? chart
                : CompareCurves.Of(data, series, query, groups)).ToArray();
        var diff = previous?.Diff ?? ConfigDiff.Of(data.Runs.Select(r => r.Fields).ToArray());
        var pairing = sameGroups && previous!.Query.Pair == query.Pair ? previous.Pairing : PairingOf(query, groups);
        return new CompareView(query, data.Runs, shown, diff, groups, charts,
            sameGroups ? previous!.Metrics : groups.Select(GroupMetrics.Of).ToArray(),
            sameGroups ? previous!.Samples : SampleBars.Of(groups),
            pairing);
    }

    private static CompareGroup[] GroupsOf(IReadOnlyList<CompareRun> shown, IReadOnlyList<CompareRun> runs, string? field)
    {
        var byId = runs.ToDictionary(r => r.Id, StringComparer.Ordinal);
        return RunGroup.By(field, shown.Select(r => (r.Id, r.Fields)).ToArray())
            .Select((g, i) =>
            {
                var members = g.Runs.Select(id => byId[id]).ToArray();
                return new CompareGroup(g, ComparePalette.Color(field is null ? members[0].Index : i), members);
            })
            .ToArray();
    }

    /// <summary>The pair the query names, else the only two groups there are.</summary>
    private static GroupPairing? PairingOf(CompareQuery query, IReadOnlyList<CompareGroup> groups)
    {
        if (query.GroupBy is not { } field) return null;
        if (query.Pair is var (first, second))
        {
            var a = groups.FirstOrDefault(g => g.Value == first);
            var b = groups.FirstOrDefault(g => g.Value == second);
            return a is null || b is null ? null : GroupPairing.Of(field, a, b);
        }
        return groups.Count == 2 ? GroupPairing.Of(field, groups[0], groups[1]) : null;
    }
}
