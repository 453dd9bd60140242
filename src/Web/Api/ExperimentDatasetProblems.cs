using UNet3D.Lab.Silo.Datasets;

namespace UNet3D.Lab.Web.Api;

/// <summary>
/// What the lab's datasets say against an experiment: each named dataset exists, has labels to learn from (or to
/// measure on), all share one channel count and one class list, the class-indexed fields fit that list, and dense
/// ones have room for the slices asked for.
/// </summary>
public static class ExperimentDatasetProblems
{
    /// <summary>The problems, with the datasets the experiment names looked up through <paramref name="datasets"/> first.</summary>
    public static async Task<IReadOnlyList<SpecProblem>> Of(ExperimentSpec config, DatasetClient datasets)
    {
        ArgumentNullException.ThrowIfNull(datasets);
        var named = (config.Datasets ?? []).Concat(config.TestDatasets ?? []).Select(choice => choice?.Id).OfType<string>();
        var found = await datasets.Find(named);
        return Of(config, id => found.GetValueOrDefault(id));
    }

    public static IReadOnlyList<SpecProblem> Of(ExperimentSpec config, Func<string, DatasetInfo?> findDataset)
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
                if (!info.HasTrainingLabels)
                    problems.Add(new SpecProblem(field, $"'{info.Id}' has no labels to {(field == "datasets" ? "learn from" : "measure on")}"));
                if (first is { } reference && reference.Channels != info.Channels)
                    problems.Add(new SpecProblem(field, $"'{info.Id}' has {info.Channels} channel(s) but '{reference.Id}' has {reference.Channels}; one network needs one channel count"));
                first ??= (info.Id, info.Channels);
                var counts = choice.AnnotatedSlices ?? (field == "datasets" ? config.AnnotatedSlices : null);
                if (info.LabelKind != DatasetLabelKind.Dense || counts is not { Count: 3 }) continue;
                foreach (var axis in new[] { VolumeAxis.X, VolumeAxis.Y, VolumeAxis.Z })
                    if (counts[(int)axis] > info.Shape.Extent(axis))
                        problems.Add(new SpecProblem(field, $"'{info.Id}': {counts[(int)axis]} slices along {axis} exceed its {info.Shape.Extent(axis)} voxels"));
            }
        }
        var (classes, mixed) = RunClasses.Shared(config, findDataset);
        if (mixed is not null) problems.Add(mixed);
        // The phantom's classes are the spec's own check.
        if (classes is not null && config.Datasets is not null) problems.AddRange(config.ClassProblems(classes.Count));
        return problems;
    }
}
