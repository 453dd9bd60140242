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

    /// <summary>The fields whose values differ between the runs, but the name (each row is labelled by it).</summary>
    public IReadOnlyList<string> DifferingFields => Diff.Differing.Where(f => f != ConfigDiff.NameField).ToArray();

    /// <summary>Every configuration field, but the name.</summary>
    public IReadOnlyList<string> AllFields => Diff.Fields.Where(f => f != ConfigDiff.NameField).ToArray();

    /// <summary>The colour a run is drawn in: its own, or its group's.</summary>
    public string ColorOf(CompareRun run) => Groups.FirstOrDefault(g => g.Runs.Contains(run))?.Color ?? ComparePalette.Color(run.Index);

    public static CompareView Of(CompareData data, CompareQuery query)
    {
        var shown = data.Runs.Where(r => !query.IsHidden(r.Id)).ToArray();
        var byId = data.Runs.ToDictionary(r => r.Id, StringComparer.Ordinal);
        var groups = RunGroup.By(query.GroupBy, shown.Select(r => (r.Id, r.Fields)).ToArray())
            .Select((g, i) =>
            {
                var runs = g.Runs.Select(id => byId[id]).ToArray();
                return new CompareGroup(g, ComparePalette.Color(query.GroupBy is null ? runs[0].Index : i), runs);
            })
            .ToArray();
        var charts = query.Series.Select(series => CompareCurves.Of(data, series, query, groups)).ToArray();
        return new CompareView(query, data.Runs, shown, ConfigDiff.Of(data.Runs.Select(r => r.Fields).ToArray()), groups, charts,
            groups.Select(GroupMetrics.Of).ToArray(), SampleBars.Of(groups), PairingOf(query, groups));
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
