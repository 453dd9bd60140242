using UNet3D.Lab.Silo.Datasets;

namespace UNet3D.Lab.Web.Api;

/// <summary>
/// The classes a run predicts, so pages and the API name them without the engine's help: its metrics' class names once
/// measured; before that the classes of the datasets it trains on (the phantom's are the paper's three).
/// </summary>
public static class RunClasses
{
    /// <summary>The run's classes; the paper's when its metrics predate class names or its datasets are gone.</summary>
    public static async Task<LabelSet> Of(ExperimentSnapshot snapshot, DatasetClient datasets)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (snapshot.Metrics is { } metrics) return metrics.LabelSet;
        if (snapshot.Config.Datasets is not [{ Id: { } first }, ..]) return LabelSet.Paper;
        return await datasets.Find(first) is { } info ? info.LabelSet : LabelSet.Paper;
    }

    /// <summary>
    /// The one class list of the datasets an experiment names, or a problem naming two datasets whose lists differ
    /// (unknown datasets are left to the caller's own check).
    /// </summary>
    public static (LabelSet? Classes, SpecProblem? Problem) Shared(ExperimentSpec spec, Func<string, DatasetInfo?> findDataset)
    {
        // Training on the phantom: its classes are the reference the test datasets must share.
        (string Id, LabelSet Classes)? first = spec.Datasets is null ? ("the built-in phantom", LabelSet.Paper) : null;
        foreach (var (field, choices) in new[] { ("datasets", spec.Datasets), ("testDatasets", spec.TestDatasets) })
        {
            foreach (var choice in choices ?? [])
            {
                if (string.IsNullOrWhiteSpace(choice?.Id) || findDataset(choice.Id) is not { } info) continue;
                if (first is not { } reference)
                {
                    first = ($"'{info.Id}'", info.LabelSet);
                    continue;
                }
                if (!info.LabelSet.Equals(reference.Classes))
                    return (null, new SpecProblem(field,
                        $"'{info.Id}' has classes [{string.Join(", ", info.LabelSet.Names)}] but {reference.Id} has [{string.Join(", ", reference.Classes.Names)}]; one network needs one class list"));
            }
        }
        return (first?.Classes, null);
    }
}
