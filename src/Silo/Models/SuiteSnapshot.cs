namespace UNet3D.Lab.Silo.Models;

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
