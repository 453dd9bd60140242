using UNet3D.Lab.Experiments.Training;

namespace UNet3D.Lab.Silo.Models;

/// <summary>A request to reproduce one of the paper's tables.</summary>
[GenerateSerializer, Immutable]
public sealed record TableRequest
{
    public const int MaxSeeds = 10;

    /// <summary>1, 2 or 3.</summary>
    [Id(0)] public required int Table { get; init; }

    [Id(1)] public string Preset { get; init; } = "smoke";

    /// <summary>Each cell runs with seeds 1..Seeds.</summary>
    [Id(2)] public int Seeds { get; init; } = 1;

    /// <summary>Dataset ids in order (the first is compared with the paper's S1); null: the preset's phantom S1–S3.</summary>
    [Id(3)] public string[]? Datasets { get; init; }

    /// <summary>Training steps per network; null: the preset's default.</summary>
    [Id(4)] public int? Iterations { get; init; }

    /// <summary>Train every cell anew instead of reusing finished experiments with the same content hash.</summary>
    [Id(5)] public bool Fresh { get; init; }

    /// <summary>The element type of every network's convolutions (<see cref="ExperimentSpec.Precision"/>).</summary>
    [Id(6)] public Precision Precision { get; init; } = Precision.Fp32;

    /// <summary>Equal in every field, the dataset list compared by content.</summary>
    public bool SameAs(TableRequest other) =>
        Table == other.Table && string.Equals(Preset, other.Preset, StringComparison.OrdinalIgnoreCase) && Seeds == other.Seeds
        && Iterations == other.Iterations && Fresh == other.Fresh && Precision == other.Precision
        && (Datasets ?? []).SequenceEqual(other.Datasets ?? [], StringComparer.Ordinal) && (Datasets is null) == (other.Datasets is null);
}
