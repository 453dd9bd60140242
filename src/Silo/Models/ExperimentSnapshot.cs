namespace UNet3D.Lab.Silo.Models;

/// <summary>
/// Everything known about one experiment at one moment, but its metric series, which are in the series store
/// (<c>IExperimentGrain.ReadSeries</c>): here only the step reached, the last loss and the best held-out IoU.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ExperimentSnapshot
{
    [Id(0)] public required string Id { get; init; }
    [Id(1)] public required ExperimentSpec Config { get; init; }
    [Id(2)] public required ExperimentStatus Status { get; init; }
    [Id(3)] public int Step { get; init; }
    [Id(4)] public int TotalSteps { get; init; }
    [Id(5)] public DateTimeOffset CreatedAt { get; init; }
    [Id(6)] public DateTimeOffset? StartedAt { get; init; }
    [Id(7)] public DateTimeOffset? FinishedAt { get; init; }
    [Id(9)] public ExperimentResult? Metrics { get; init; }
    [Id(10)] public string? Error { get; init; }
    [Id(11)] public string? Worker { get; init; }
    [Id(12)] public bool CancelRequested { get; init; }
    [Id(13)] public int Attempt { get; init; }

    /// <summary>The researcher's labels, as <see cref="RunAnnotation"/> normalised them.</summary>
    [Id(15)] public string[] Tags { get; init; } = [];

    /// <summary>The researcher's Markdown note; null when there is none.</summary>
    [Id(16)] public string? Note { get; init; }

    /// <summary>Ids of the ablations (and table runs) that use this experiment.</summary>
    [Id(17)] public string[] Ablations { get; init; } = [];

    /// <summary>The loss of the latest step reported; null before the first.</summary>
    [Id(14)] public double? LastLoss { get; init; }

    /// <summary>The highest headline IoU measured on the held-out voxels so far (the <c>validationIou</c> series).</summary>
    [Id(18)] public double? BestValidationIou { get; init; }

    public bool IsFinished => Status is ExperimentStatus.Completed or ExperimentStatus.Failed or ExperimentStatus.Cancelled;

    public double Progress => TotalSteps == 0 ? 0 : (double)Step / TotalSteps;
}
