namespace UNet3D.Lab.Silo.Models;

/// <summary>
/// Everything known about one ablation at one moment: a grid (<see cref="Grid"/>) or one of the paper's tables
/// (<see cref="Table"/>), one mechanism either way: cells, each run once per seed.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record AblationSnapshot
{
    [Id(0)] public required string Id { get; init; }
    /// <summary>The table this ablation reproduces; null for a grid.</summary>
    [Id(1)] public TableRequest? Table { get; init; }
    [Id(2)] public required AblationStatus Status { get; init; }

    /// <summary>The datasets in order, the preset's phantom filled in when the request named none.</summary>
    [Id(3)] public required string[] Datasets { get; init; }

    [Id(4)] public required AblationCell[] Cells { get; init; }
    [Id(5)] public DateTimeOffset CreatedAt { get; init; }
    [Id(6)] public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>Labels the headline IoU averages (the tubule class, label 1).</summary>
    [Id(7)] public int[] IouClasses { get; init; } = [1];

    /// <summary><see cref="Experiments.EngineVersion.Current"/> when the ablation was planned.</summary>
    [Id(8)] public string EngineVersion { get; init; } = "";

    /// <summary>The grid this ablation runs; null for a table.</summary>
    [Id(9)] public GridRequest? Grid { get; init; }

    /// <summary>"Table 2" or the grid's name.</summary>
    [Id(10)] public string Name { get; init; } = "";

    public int Seeds => Table?.Seeds ?? Grid?.Seeds ?? 1;

    public bool Fresh => Table?.Fresh ?? Grid?.Fresh ?? false;

    public bool IsFinished => Status != AblationStatus.Running;

    public int RunCount => Cells.Sum(c => c.Runs.Length);

    public int RunsFinished => Cells.Sum(c => c.Runs.Count(r => r.IsFinished));

    public int CellsFinished => Cells.Count(c => c.IsFinished);

    public int RunsReused => Cells.Sum(c => c.Runs.Count(r => r.Reused));

    /// <summary>Share of all training steps done, counting finished runs as whole.</summary>
    public double Progress => RunCount == 0 ? 0 : Cells.Sum(c => c.Runs.Sum(r => r.IsFinished ? 1 : r.Progress)) / RunCount;
}
