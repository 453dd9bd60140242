using UNet3D.Lab.Experiments.Runs;

namespace UNet3D.Lab.Silo.Models;

public enum SuiteStatus
{
    /// <summary>Some of its experiments are queued or training.</summary>
    Running,

    /// <summary>Every experiment completed.</summary>
    Completed,

    /// <summary>Every experiment finished, but some failed or were cancelled: the table has gaps.</summary>
    Failed,
}

/// <summary>One dataset's headline IoU in a completed run (null where undefined) and its annotated share.</summary>
[GenerateSerializer, Immutable]
public sealed record RunScore([property: Id(0)] string Dataset, [property: Id(1)] double? IoU, [property: Id(2)] double AnnotatedFraction);

/// <summary>One seed of a cell: the experiment that trains (or trained) it and what it measured.</summary>
[GenerateSerializer, Immutable]
public sealed record SuiteRun
{
    [Id(0)] public required int Seed { get; init; }

    /// <summary>Null until the suite has submitted (or found) its experiment.</summary>
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

    public bool IsFinished => Status is ExperimentStatus.Completed or ExperimentStatus.Failed or ExperimentStatus.Cancelled;

    public double Progress => Status == ExperimentStatus.Completed ? 1 : TotalSteps == 0 ? 0 : (double)Step / TotalSteps;
}

/// <summary>One cell of the table: one configuration (stored with seed 1), run once per seed.</summary>
[GenerateSerializer, Immutable]
public sealed record SuiteCell
{
    [Id(0)] public required string Key { get; init; }
    [Id(1)] public required string Row { get; init; }
    [Id(2)] public required string Column { get; init; }
    [Id(3)] public required ExperimentConfig Config { get; init; }

    /// <summary>Datasets whose IoU, averaged, is the cell's value.</summary>
    [Id(4)] public required string[] Measured { get; init; }

    [Id(5)] public required SuiteRun[] Runs { get; init; }

    public bool IsFinished => Runs.All(r => r.IsFinished);

    /// <summary>The configuration of one seed's experiment.</summary>
    public ExperimentConfig ConfigFor(int seed) => Config with { Seed = seed, Name = $"{Config.Name} · seed {seed}" };
}

/// <summary>Everything known about one table run at one moment.</summary>
[GenerateSerializer, Immutable]
public sealed record SuiteSnapshot
{
    [Id(0)] public required string Id { get; init; }
    [Id(1)] public required SuiteRequest Request { get; init; }
    [Id(2)] public required SuiteStatus Status { get; init; }

    /// <summary>The datasets in order, the preset's phantom filled in when the request named none.</summary>
    [Id(3)] public required string[] Datasets { get; init; }

    [Id(4)] public required SuiteCell[] Cells { get; init; }
    [Id(5)] public DateTimeOffset CreatedAt { get; init; }
    [Id(6)] public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>Labels the headline IoU averages (the tubule class, label 1).</summary>
    [Id(7)] public int[] IouClasses { get; init; } = [1];

    /// <summary><see cref="Experiments.EngineVersion.Current"/> when the suite was planned.</summary>
    [Id(8)] public string EngineVersion { get; init; } = "";

    public bool IsFinished => Status != SuiteStatus.Running;

    public int RunCount => Cells.Sum(c => c.Runs.Length);

    public int RunsFinished => Cells.Sum(c => c.Runs.Count(r => r.IsFinished));

    public int CellsFinished => Cells.Count(c => c.IsFinished);

    public int RunsReused => Cells.Sum(c => c.Runs.Count(r => r.Reused));

    /// <summary>Share of all training steps done, counting finished runs as whole.</summary>
    public double Progress => RunCount == 0 ? 0 : Cells.Sum(c => c.Runs.Sum(r => r.IsFinished ? 1 : r.Progress)) / RunCount;
}

/// <summary>Persisted state of a suite grain.</summary>
[GenerateSerializer]
public sealed class SuiteState
{
    [Id(0)] public SuiteSnapshot? Snapshot { get; set; }
}
