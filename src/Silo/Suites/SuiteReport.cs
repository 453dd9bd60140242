using UNet3D.Lab.Experiments;
using UNet3D.Lab.Experiments.Presets;
using UNet3D.Lab.Experiments.Protocols;

namespace UNet3D.Lab.Silo.Suites;

/// <summary>A suite's table in the paper's shape and its claims, as far as its experiments have finished.</summary>
public sealed record SuiteReport(ResultTable Table, IReadOnlyList<ClaimCheck> Claims)
{
    public string Csv => TableExport.Csv(Table);

    public string Markdown => TableExport.Markdown(Table, Claims);

    public static SuiteReport Of(SuiteSnapshot suite)
    {
        var layout = TableLayout.For(suite.Request.Table, suite.Datasets);
        var outcomes = suite.Cells.Select(cell => new CellOutcome(
            cell.Key, cell.Row, cell.Column, cell.Measured,
            cell.Runs.Where(r => r.Status == ExperimentStatus.Completed && r.Scores is not null)
                .Select(r => new RunOutcome(r.Seed, r.Scores!.Select(s => new DatasetScore(s.Dataset, s.IoU ?? double.NaN, s.AnnotatedFraction)).ToArray()))
                .ToArray(),
            cell.Runs.Length)).ToArray();
        var first = suite.Cells[0].Config;
        var table = TableReport.Build(layout, outcomes, TableReport.Notes(
            layout, suite.IouClasses, first.Preset, first.EffectiveIterations, first.EffectiveAugment, suite.Request.Seeds, suite.Datasets, Pools(suite),
            Recipe(suite, first.Preset)));
        return new SuiteReport(table, PaperClaims.Check(table));
    }

    // A preset's recipe can change between engine versions; describe it only for suites of this engine.
    private static string Recipe(SuiteSnapshot suite, string preset) =>
        suite.EngineVersion == EngineVersion.Current
            ? $"{ExperimentPresets.Get(preset).Recipe} (engine version {suite.EngineVersion})"
            : $"engine version {(suite.EngineVersion.Length == 0 ? "unknown" : suite.EngineVersion)}; this build is version {EngineVersion.Current}, whose '{preset}' preset may differ";

    // Tables 1 and 3: each dataset's pool of annotated slices, as the cells name them.
    private static Dictionary<string, IReadOnlyList<int>>? Pools(SuiteSnapshot suite)
    {
        if (suite.Request.Table == 2) return null;
        var pools = new Dictionary<string, IReadOnlyList<int>>(StringComparer.Ordinal);
        foreach (var choice in suite.Cells.SelectMany(c => (c.Config.Datasets ?? []).Concat(c.Config.TestDatasets ?? [])))
            if (choice.AnnotatedSlices is { } counts) pools.TryAdd(choice.Id, counts);
        return suite.Datasets.Where(pools.ContainsKey).ToDictionary(id => id, id => pools[id], StringComparer.Ordinal);
    }
}
