using UNet3D.Lab.Experiments;
using UNet3D.Lab.Experiments.Presets;
using UNet3D.Lab.Experiments.Protocols;
using UNet3D.Lab.Experiments.Training;

namespace UNet3D.Lab.Silo.Ablations;

/// <summary>A suite's table in the paper's shape and its claims, as far as its experiments have finished.</summary>
public sealed record AblationTableReport(ResultTable Table, IReadOnlyList<ClaimCheck> Claims)
{
    public string Csv => TableExport.Csv(Table);

    public string Markdown => TableExport.Markdown(Table, Claims);

    public static AblationTableReport Of(AblationSnapshot suite)
    {
        var request = suite.Table ?? throw new ArgumentException($"Ablation '{suite.Id}' is a grid, not one of the paper's tables.", nameof(suite));
        var layout = TableLayout.For(request.Table, suite.Datasets);
        var outcomes = suite.Cells.Select(cell => new CellOutcome(
            cell.Key, cell.Row, cell.Column, cell.Measured,
            cell.Runs.Where(r => r.Status == ExperimentStatus.Completed && r.Scores is not null)
                .Select(r => new RunOutcome(r.Seed, r.Scores!.Select(s => new DatasetScore(s.Dataset, s.IoU ?? double.NaN, s.AnnotatedFraction)).ToArray()))
                .ToArray(),
            cell.Runs.Length)).ToArray();
        var first = suite.Cells[0].Config;
        var table = TableReport.Build(layout, outcomes, TableReport.Notes(
            layout, suite.IouClasses, first.Preset, first.EffectiveIterations, first.EffectiveAugment, request.Seeds, suite.Datasets, Pools(suite),
            Recipe(suite, first.Preset) + (first.Precision == Precision.Fp32 ? "" : $"; convolutions in {LabJson.NameOf(first.Precision)}")));
        return new AblationTableReport(table, PaperClaims.Check(table));
    }

    // A preset's recipe can change between engine versions; describe it only for suites of this engine.
    private static string Recipe(AblationSnapshot suite, string preset) =>
        suite.EngineVersion == EngineVersion.Current
            ? $"{ExperimentPresets.Get(preset).Recipe} (engine version {suite.EngineVersion})"
            : $"engine version {(suite.EngineVersion.Length == 0 ? "unknown" : suite.EngineVersion)}; this build is version {EngineVersion.Current}, whose '{preset}' preset may differ";

    // Tables 1 and 3: each dataset's pool of annotated slices, as the cells name them.
    private static Dictionary<string, IReadOnlyList<int>>? Pools(AblationSnapshot suite)
    {
        if (suite.Table?.Table == 2) return null;
        var pools = new Dictionary<string, IReadOnlyList<int>>(StringComparer.Ordinal);
        foreach (var choice in suite.Cells.SelectMany(c => (c.Config.Datasets ?? []).Concat(c.Config.TestDatasets ?? [])))
            if (choice.AnnotatedSlices is { } counts) pools.TryAdd(choice.Id, counts);
        return suite.Datasets.Where(pools.ContainsKey).ToDictionary(id => id, id => pools[id], StringComparer.Ordinal);
    }
}
