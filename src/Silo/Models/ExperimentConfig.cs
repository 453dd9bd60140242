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
    };

    public int EffectiveIterations => ToSpec().EffectiveIterations;

    public bool SameAs(ExperimentConfig other) =>
        this with { AnnotatedSlices = [] } == other with { AnnotatedSlices = [] }
        && AnnotatedSlices.SequenceEqual(other.AnnotatedSlices);
}
