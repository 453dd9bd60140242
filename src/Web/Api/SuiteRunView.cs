namespace UNet3D.Lab.Web.Api;

/// <summary>One seed of a cell: its experiment (and that experiment's page), status and IoU on the cell's datasets.</summary>
/// <param name="Status">pending (nothing submitted yet), queued, running, completed, failed or cancelled.</param>
public sealed record SuiteRunView(int Seed, string? ExperimentId, string? ExperimentUrl, string Status, bool Reused, int Step, int TotalSteps, double? IoU)
{
    public static SuiteRunView From(AblationCell cell, AblationRun run, string baseUrl) => new(
        run.Seed, run.ExperimentId,
        run.ExperimentId is null ? null : $"{baseUrl}/experiments/{Uri.EscapeDataString(run.ExperimentId)}",
        AblationPresentation.RunStatus(run), run.Reused, run.Step, run.TotalSteps, AblationPresentation.RunIoU(cell, run));
}
