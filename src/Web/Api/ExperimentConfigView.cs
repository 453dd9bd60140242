using UNet3D.Lab.Experiments.Runs;
using UNet3D.Lab.Silo.Models;

namespace UNet3D.Lab.Web.Api;

public sealed record ExperimentConfigView(
    string Name, string Model, bool BatchNorm, int[] AnnotatedSlices, string Preset, int Seed, int Iterations, int DataSeed, bool Augment)
{
    public static ExperimentConfigView From(ExperimentConfig config) => new(
        config.Name, ModelNames.Of(config.Model), config.BatchNorm, config.AnnotatedSlices, config.Preset, config.Seed,
        config.EffectiveIterations, config.DataSeed, config.ToSpec().EffectiveAugment);
}
