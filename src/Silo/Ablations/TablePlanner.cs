using UNet3D.Lab.Experiments.Metrics;
using UNet3D.Lab.Experiments.Presets;
using UNet3D.Lab.Experiments.Protocols;

namespace UNet3D.Lab.Silo.Ablations;

/// <summary>Checks a table request and expands its protocol into cells, each with one run per seed.</summary>
public static class TablePlanner
{
    /// <summary>Problems with the request, each naming its field (table, preset, seeds, datasets, iterations, precision).</summary>
    public static IReadOnlyList<SpecProblem> Problems(TableRequest request, IDatasetMetadata metadata) => Plan("check", request, metadata).Problems;

    /// <summary>What the table would run (a configuration per cell, each run once per seed) or the problems that stop it.</summary>
    public static GridCheck Check(TableRequest request, IDatasetMetadata metadata)
    {
        var (suite, problems) = Plan("check", request, metadata);
        if (suite is null) return new GridCheck(0, 0, [], [.. problems]);
        return new GridCheck(suite.Cells.Sum(c => c.Runs.Length), suite.Cells.Length, [.. suite.Cells.Select(c => c.Config)], []);
    }

    /// <summary>The new table ablation, not yet started, or the problems that stop it.</summary>
    public static (AblationSnapshot? Suite, IReadOnlyList<SpecProblem> Problems) Plan(string id, TableRequest request, IDatasetMetadata metadata)
    {
        var problems = new List<SpecProblem>();
        if (request.Seeds is < 1 or > TableRequest.MaxSeeds)
            problems.Add(new("seeds", $"must be from 1 to {TableRequest.MaxSeeds}, not {request.Seeds}"));
        ExperimentPreset? preset = null;
        try { preset = ExperimentPresets.Get(request.Preset); }
        catch (ArgumentException e) { problems.Add(new("preset", e.Message)); }
        if (preset is null)
        {
            if (!TableProtocol.Tables.Contains(request.Table)) problems.Add(new("table", $"must be 1, 2 or 3, not {request.Table}"));
            return (null, problems);
        }

        var ids = request.Datasets ?? PhantomDatasets.Ids(preset.Phantom).ToArray();
        var geometries = new List<DatasetGeometry>();
        foreach (var datasetId in ids)
        {
            if (string.IsNullOrWhiteSpace(datasetId)) problems.Add(new("datasets", "every entry needs a dataset id"));
            else if (metadata.Geometry(datasetId) is { } geometry) geometries.Add(geometry);
            else problems.Add(new("datasets", $"no dataset with id '{datasetId}'"));
        }
        if (!Enum.IsDefined(request.Precision))
            problems.Add(new("precision", $"must be \"fp32\", \"bf16\" or \"fp16\", not {request.Precision}"));
        var protocol = new ProtocolRequest(request.Table, preset.Name, geometries, request.Iterations);
        // With an unknown dataset, the protocol's own checks of the datasets would only mislead.
        var unknown = problems.Any(p => p.Field == "datasets");
        problems.AddRange(TableProtocol.Problems(protocol).Where(p => !unknown || p.Field != "datasets"));
        if (problems.Count > 0) return (null, problems);

        var cells = TableProtocol.Expand(protocol).Select(cell => new AblationCell
        {
            Key = cell.Key,
            Row = cell.Row,
            Column = cell.Column,
            Config = cell.Spec with { Precision = request.Precision },
            Measured = cell.Measured.ToArray(),
            Runs = Enumerable.Range(1, request.Seeds).Select(seed => new AblationRun { Seed = seed }).ToArray(),
        }).ToArray();
        return (new AblationSnapshot
        {
            Id = id,
            Table = request,
            Name = $"Table {request.Table}",
            Status = AblationStatus.Running,
            Datasets = ids.ToArray(),
            Cells = cells,
            CreatedAt = DateTimeOffset.UtcNow,
            IouClasses = SegmentationScore.DefaultHeadlineClasses.ToArray(),
            EngineVersion = Experiments.EngineVersion.Current,
        }, []);
    }
}
