namespace UNet3D.Lab.Silo.Models;

/// <summary>One cell of the table: one configuration (stored with seed 1), run once per seed.</summary>
[GenerateSerializer, Immutable]
public sealed record SuiteCell
{
    [Id(0)] public required string Key { get; init; }
    [Id(1)] public required string Row { get; init; }
    [Id(2)] public required string Column { get; init; }
    [Id(3)] public required ExperimentSpec Config { get; init; }

    /// <summary>Datasets whose IoU, averaged, is the cell's value.</summary>
    [Id(4)] public required string[] Measured { get; init; }

    [Id(5)] public required SuiteRun[] Runs { get; init; }

    public bool IsFinished => Runs.All(r => r.IsFinished);

    /// <summary>The configuration of one seed's experiment.</summary>
    public ExperimentSpec ConfigFor(int seed) => Config with { Seed = seed, Name = $"{Config.Name} · seed {seed}" };
}
