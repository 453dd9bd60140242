namespace UNet3D.Lab.Silo.Models;

/// <summary>
/// One cell of an ablation: one configuration (stored with seed 1), run once per seed. A table's cells sit at a row and
/// column of the paper's table; a grid's at one combination of its axes' values.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record AblationCell
{
    [Id(0)] public required string Key { get; init; }
    /// <summary>A table's row; a grid's combination in words ("model=3d, batchNorm=true").</summary>
    [Id(1)] public required string Row { get; init; }

    /// <summary>A table's column; empty in a grid.</summary>
    [Id(2)] public required string Column { get; init; }
    [Id(3)] public required ExperimentSpec Config { get; init; }

    /// <summary>Datasets whose IoU, averaged, is a table cell's value; empty in a grid, whose value is each run's mean IoU.</summary>
    [Id(4)] public required string[] Measured { get; init; }

    [Id(5)] public required AblationRun[] Runs { get; init; }

    /// <summary>A grid cell's value of each axis (JSON text, as the request gave it); empty in a table.</summary>
    [Id(6)] public Dictionary<string, string> Values { get; init; } = [];

    public bool IsFinished => Runs.All(r => r.IsFinished);

    /// <summary>The configuration of one seed's experiment.</summary>
    public ExperimentSpec ConfigFor(int seed) => Config with { Seed = seed, Name = $"{Config.Name} · seed {seed}" };
}
