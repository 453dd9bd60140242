namespace UNet3D.Lab.Silo.Models;

/// <summary>One seed of a cell: the experiment that trains (or trained) it and what it measured.</summary>
[GenerateSerializer, Immutable]
public sealed record AblationRun
{
    [Id(0)] public required int Seed { get; init; }

    /// <summary>Null until the ablation has submitted (or found) its experiment.</summary>
    [Id(1)] public string? ExperimentId { get; init; }

    /// <summary>An experiment with the same content hash had already been trained (or was training) and stands in.</summary>
    [Id(2)] public bool Reused { get; init; }

    /// <summary>Null until submitted.</summary>
    [Id(3)] public ExperimentStatus? Status { get; init; }

    [Id(4)] public int Step { get; init; }
    [Id(5)] public int TotalSteps { get; init; }

    /// <summary>Per measured dataset, once completed.</summary>
    [Id(6)] public RunScore[]? Scores { get; init; }

    [Id(7)] public string? Error { get; init; }

    /// <summary>The content hash of configuration, datasets and engine version; null when a dataset has no fingerprint.</summary>
    [Id(8)] public string? Hash { get; init; }

    /// <summary>The experiment's headline IoU over its samples, once completed (null where undefined).</summary>
    [Id(9)] public double? MeanIoU { get; init; }

    /// <summary>Per class, the IoU averaged over the experiment's samples, once completed (null where undefined).</summary>
    [Id(10)] public double?[]? ClassIoU { get; init; }

    public bool IsFinished => Status is ExperimentStatus.Completed or ExperimentStatus.Failed or ExperimentStatus.Cancelled;

    public double Progress => Status == ExperimentStatus.Completed ? 1 : TotalSteps == 0 ? 0 : (double)Step / TotalSteps;
}
