using UNet3D.Lab.Experiments.Runs;
using UNet3D.Lab.Silo.Models;

namespace UNet3D.Lab.Web.Api;

public sealed record ExperimentConfigView(
    string Name, string Model, bool BatchNorm, int[] AnnotatedSlices, string Preset, int Seed, int Iterations, int DataSeed, bool Augment,
    DatasetReference[]? Datasets, DatasetReference[]? TestDatasets)
{
    public static ExperimentConfigView From(ExperimentConfig config) => new(
        config.Name, ModelNames.Of(config.Model), config.BatchNorm, config.AnnotatedSlices, config.Preset, config.Seed,
        config.EffectiveIterations, config.DataSeed, config.ToSpec().EffectiveAugment,
        config.Datasets?.Select(d => new DatasetReference(d.Id, d.AnnotatedSlices)).ToArray(),
        config.TestDatasets?.Select(d => new DatasetReference(d.Id, d.AnnotatedSlices)).ToArray());
}
