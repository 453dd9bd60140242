namespace UNet3D.Lab.Web.Services;

/// <summary>Words for a suite's cells and runs, the same on the page and in the API.</summary>
public static class AblationPresentation
{
    /// <summary>pending (nothing submitted yet), queued, running, completed, failed or cancelled.</summary>
    public static string RunStatus(AblationRun run) => run.Status?.ToString().ToLowerInvariant() ?? "pending";

    /// <summary>completed when every seed completed; failed when any failed or was cancelled; running when any is training; else queued.</summary>
    public static string CellStatus(AblationCell cell)
    {
        if (cell.Runs.All(r => r.Status == ExperimentStatus.Completed)) return "completed";
        if (cell.Runs.Any(r => r.Status is ExperimentStatus.Failed or ExperimentStatus.Cancelled)) return "failed";
        if (cell.Runs.Any(r => r.Status == ExperimentStatus.Running)) return "running";
        return "queued";
    }

    /// <summary>A completed run's IoU on the cell's datasets (their mean); null before, or when undefined.</summary>
    public static double? RunIoU(AblationCell cell, AblationRun run)
    {
        var values = run.Scores?.Where(s => cell.Measured.Contains(s.Dataset) && s.IoU is not null).Select(s => s.IoU!.Value).ToArray();
        return values is { Length: > 0 } ? values.Average() : null;
    }
}
