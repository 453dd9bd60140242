using UNet3D.Lab.Experiments.Runs;
using UNet3D.Lab.Silo.Models;

namespace UNet3D.Lab.Web.Api;

public static class ExperimentRequestValidation
{
    /// <summary>The config the request asks for, or the problems that stop it, each naming its field.</summary>
    public static (ExperimentConfig? Config, IReadOnlyList<SpecProblem> Problems) ToConfig(ExperimentRequest request)
    {
        if (!ModelNames.TryParse(request.Model, out var model))
        {
            var message = request.Model is null ? "is required: \"3d\" or \"2d\"" : $"must be \"3d\" or \"2d\", not \"{request.Model}\"";
            return (null, [new SpecProblem("model", message)]);
        }
        var defaults = new ExperimentConfig();
        var config = new ExperimentConfig
        {
            Name = request.Name ?? $"{ModelNames.Of(model)} {(request.BatchNorm ?? defaults.BatchNorm ? "with" : "without")} BN",
            Model = model,
            BatchNorm = request.BatchNorm ?? defaults.BatchNorm,
            AnnotatedSlices = request.AnnotatedSlices ?? defaults.AnnotatedSlices,
            Preset = request.Preset ?? defaults.Preset,
            Seed = request.Seed ?? defaults.Seed,
            Iterations = request.Iterations,
            Augment = request.Augment,
        };
        var problems = config.ToSpec().Problems();
        return problems.Count == 0 ? (config, []) : (null, problems);
    }
}
