using System.Text.Json;
using UNet3D.Lab.Experiments.Data;
using UNet3D.Lab.Experiments.Runs;

namespace UNet3D.Lab.Silo.Models;

/// <summary>An experiment's configuration as stored and sent between silos; mirrors <see cref="ExperimentSpec"/>.</summary>
[GenerateSerializer, Immutable]
public sealed record ExperimentConfig
{
    [Id(0)] public string Name { get; init; } = "experiment";
    [Id(1)] public ModelKind Model { get; init; } = ModelKind.ThreeD;
    [Id(2)] public bool BatchNorm { get; init; } = true;
    [Id(3)] public int[] AnnotatedSlices { get; init; } = [2, 2, 2];
    [Id(4)] public string Preset { get; init; } = "smoke";
    [Id(5)] public int Seed { get; init; } = 1;
    [Id(6)] public int? Iterations { get; init; }
    [Id(7)] public int DataSeed { get; init; } = 2016;
    [Id(8)] public bool? Augment { get; init; }

    /// <summary>Datasets trained on; null: the preset's built-in phantom.</summary>
    [Id(9)] public DatasetChoice[]? Datasets { get; init; }

    /// <summary>Datasets only measured on (fully automated).</summary>
    [Id(10)] public DatasetChoice[]? TestDatasets { get; init; }

    /// <summary>Slice cross-validation: number of subsets and the one held out; both or neither.</summary>
    [Id(11)] public int? FoldCount { get; init; }
    [Id(12)] public int? FoldHeld { get; init; }

    /// <summary>Slice counts (x, y, z) whose planes are kept out of the measurement.</summary>
    [Id(13)] public int[][]? ExcludedFromTest { get; init; }

    public ExperimentSpec ToSpec() => new()
    {
        Name = Name,
        Model = Model,
        BatchNorm = BatchNorm,
        AnnotatedSlices = AnnotatedSlices,
        Preset = Preset,
        Seed = Seed,
        Iterations = Iterations,
        DataSeed = DataSeed,
        Augment = Augment,
        Datasets = Datasets?.Select(d => d.ToSelection()).ToArray(),
        TestDatasets = TestDatasets?.Select(d => d.ToSelection()).ToArray(),
        Fold = FoldCount is { } count ? new SliceFold(count, FoldHeld ?? 0) : null,
        ExcludedFromTest = ExcludedFromTest,
    };

    public int EffectiveIterations => ToSpec().EffectiveIterations;

    /// <summary>Equal in every field, arrays compared by content.</summary>
    public bool SameAs(ExperimentConfig other) =>
        JsonSerializer.Serialize(this, CanonicalJson) == JsonSerializer.Serialize(other, CanonicalJson);

    private static readonly JsonSerializerOptions CanonicalJson = new() { WriteIndented = false };
}
