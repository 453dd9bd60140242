using UNet3D.Lab.Experiments.Presets;

namespace UNet3D.Lab.Silo.Runs;

/// <summary>
/// One experiment as the runs table shows, filters and sorts it: a document of the lab's <c>runs</c> collection,
/// written by the experiment grain whenever it saves, so that listing runs activates no experiment.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record RunRow
{
    [Id(0)] public required string Id { get; init; }
    [Id(1)] public required string Name { get; init; }
    [Id(2)] public required ExperimentStatus Status { get; init; }
    [Id(3)] public required ModelKind Model { get; init; }
    [Id(4)] public bool BatchNorm { get; init; }
    [Id(5)] public required string Preset { get; init; }
    [Id(6)] public int Seed { get; init; }
    [Id(7)] public int[] AnnotatedSlices { get; init; } = [];

    /// <summary>The datasets it trains and tests on (the built-in phantom's samples when it names none).</summary>
    [Id(8)] public string[] Datasets { get; init; } = [];

    [Id(9)] public string[] Tags { get; init; } = [];
    [Id(10)] public string[] Ablations { get; init; } = [];
    [Id(11)] public DateTimeOffset CreatedAt { get; init; }
    [Id(12)] public DateTimeOffset? StartedAt { get; init; }
    [Id(13)] public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>
    /// Seconds: the training time of a completed run, from start to end of a failed or cancelled one, until the row
    /// was written for a running one (see <see cref="DurationAt"/>); null before it starts.
    /// </summary>
    [Id(14)] public double? Duration { get; init; }

    [Id(15)] public int Step { get; init; }
    [Id(16)] public int TotalSteps { get; init; }

    /// <summary>Null until completed, and where the IoU is undefined (NaN).</summary>
    [Id(17)] public double? MeanIou { get; init; }

    [Id(18)] public double? FinalLoss { get; init; }

    /// <summary>The best IoU on the validation voxels during training, once the run records validation.</summary>
    [Id(19)] public double? BestValidationIou { get; init; }

    [Id(20)] public bool HasNote { get; init; }

    public double Progress => TotalSteps == 0 ? 0 : (double)Step / TotalSteps;

    /// <summary>The duration as of <paramref name="now"/>: a running run's keeps growing.</summary>
    public double? DurationAt(DateTimeOffset now) =>
        Status == ExperimentStatus.Running && StartedAt is { } started ? Math.Max(0, (now - started).TotalSeconds) : Duration;

    public static RunRow Of(ExperimentSnapshot snapshot, DateTimeOffset now)
    {
        var config = snapshot.Config;
        return new RunRow
        {
            Id = snapshot.Id,
            Name = config.DisplayName,
            Status = snapshot.Status,
            Model = config.Model,
            BatchNorm = config.BatchNorm,
            Preset = PresetName(config.Preset),
            Seed = config.Seed,
            AnnotatedSlices = [.. config.AnnotatedSlices],
            Datasets = DatasetIds(config),
            Tags = snapshot.Tags,
            Ablations = snapshot.Ablations,
            CreatedAt = snapshot.CreatedAt,
            StartedAt = snapshot.StartedAt,
            FinishedAt = snapshot.FinishedAt,
            Duration = DurationOf(snapshot, now),
            Step = snapshot.Step,
            TotalSteps = snapshot.TotalSteps,
            MeanIou = Finite(snapshot.Metrics?.MeanIoU),
            // A running run sorts by its latest loss; a finished one by the loss its metrics report.
            FinalLoss = Finite(snapshot.Metrics?.FinalLoss ?? snapshot.LastLoss),
            BestValidationIou = Finite(snapshot.BestValidationIou),
            HasNote = snapshot.Note is { Length: > 0 },
        };
    }

    private static double? DurationOf(ExperimentSnapshot snapshot, DateTimeOffset now)
    {
        if (snapshot.Metrics is { } metrics) return metrics.TrainingSeconds;
        if (snapshot.StartedAt is not { } started) return null;
        return Math.Max(0, ((snapshot.FinishedAt ?? now) - started).TotalSeconds);
    }

    private static string[] DatasetIds(ExperimentSpec config)
    {
        var training = config.Datasets?.Select(d => d.Id)
            ?? (config.DataSeed == PhantomDatasets.Seed && ExperimentPresets.All.Any(p => p.Name == PresetName(config.Preset))
                ? PhantomDatasets.Ids(ExperimentPresets.Get(config.Preset).Phantom)
                : []);
        return training.Concat(config.TestDatasets?.Select(d => d.Id) ?? []).Distinct(StringComparer.Ordinal).ToArray();
    }

    /// <summary>The preset's own spelling, so that filtering by it finds "CPU" and "cpu" alike.</summary>
    private static string PresetName(string preset) =>
        ExperimentPresets.All.FirstOrDefault(p => string.Equals(p.Name, preset, StringComparison.OrdinalIgnoreCase))?.Name ?? preset;

    private static double? Finite(double? value) => value is { } v && double.IsFinite(v) ? v : null;
}
