using UNet3D.Lab.Experiments.Data;
using UNet3D.Lab.Experiments.Runs;
using UNet3D.Lab.Silo.Datasets;
using UNet3D.Lab.Silo.Models;

namespace UNet3D.Lab.Web.Api;

public static class ExperimentRequestValidation
{
    /// <summary>The config the request asks for, or the problems that stop it, each naming its field.</summary>
    /// <param name="findDataset">The lab's datasets by id (null: no such dataset), to check the ones the request names.</param>
    public static (ExperimentConfig? Config, IReadOnlyList<SpecProblem> Problems) ToConfig(ExperimentRequest request, Func<string, DatasetInfo?> findDataset)
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
            Datasets = request.Datasets?.Select(d => new DatasetChoice(d?.Id!, d?.AnnotatedSlices)).ToArray(),
            TestDatasets = request.TestDatasets?.Select(d => new DatasetChoice(d?.Id!, d?.AnnotatedSlices)).ToArray(),
        };
        List<SpecProblem> problems = [.. config.ToSpec().Problems(), .. DatasetProblems(config, findDataset)];
        return problems.Count == 0 ? (config, []) : (null, problems);
    }

    /// <summary>
    /// What the lab's datasets say against a config: each named dataset exists, has labels to learn from (or to measure
    /// on), all share one channel count, and dense ones have room for the slices asked for.
    /// </summary>
    public static IReadOnlyList<SpecProblem> DatasetProblems(ExperimentConfig config, Func<string, DatasetInfo?> findDataset)
    {
        var problems = new List<SpecProblem>();
        (string Id, int Channels)? first = null;
        foreach (var (field, choices) in new[] { ("datasets", config.Datasets), ("testDatasets", config.TestDatasets) })
        {
            foreach (var choice in choices ?? [])
            {
                if (string.IsNullOrWhiteSpace(choice?.Id)) continue; // the spec's own check names it
                if (findDataset(choice.Id) is not { } info)
                {
                    problems.Add(new SpecProblem(field, $"unknown dataset '{choice.Id}'"));
                    continue;
                }
                if (!info.HasLabels)
                    problems.Add(new SpecProblem(field, $"'{info.Id}' has no labels to {(field == "datasets" ? "learn from" : "measure on")}"));
                if (first is { } reference && reference.Channels != info.Channels)
                    problems.Add(new SpecProblem(field, $"'{info.Id}' has {info.Channels} channel(s) but '{reference.Id}' has {reference.Channels}; one network needs one channel count"));
                first ??= (info.Id, info.Channels);
                var counts = choice.AnnotatedSlices ?? (field == "datasets" ? config.AnnotatedSlices : null);
                if (info.LabelKind != DatasetLabelKind.Dense || counts is not { Length: 3 }) continue;
                foreach (var axis in new[] { VolumeAxis.X, VolumeAxis.Y, VolumeAxis.Z })
                    if (counts[(int)axis] > info.Shape.Extent(axis))
                        problems.Add(new SpecProblem(field, $"'{info.Id}': {counts[(int)axis]} slices along {axis} exceed its {info.Shape.Extent(axis)} voxels"));
            }
        }
        return problems;
    }
}
