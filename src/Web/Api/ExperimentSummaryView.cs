using System.Text.Json.Serialization;
using UNet3D.Lab.Silo.Runs;

namespace UNet3D.Lab.Web.Api;

/// <summary>One row of <c>GET /api/experiments</c>, read from the run index.</summary>
/// <param name="Duration">Seconds: training time once completed, until now while running; null before it starts.</param>
/// <param name="BestValidationIou">The best IoU on validation voxels during training; null until runs record it.</param>
/// <param name="HasNote">Whether the run has a note (<c>GET /api/experiments/{id}</c> has the note itself).</param>
public sealed record ExperimentSummaryView(
    string Id, string Url, string Name, ModelKind Model, bool BatchNorm, string Preset, ExperimentStatus Status,
    int Step, int TotalSteps, DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt, double? Duration,
    [property: JsonPropertyName("meanIou")] double? MeanIoU, double? FinalLoss, double? BestValidationIou,
    IReadOnlyList<string> Tags, IReadOnlyList<string> Ablations, bool HasNote)
{
    public static ExperimentSummaryView From(RunRow row, string url, DateTimeOffset now) => new(
        row.Id, url, row.Name, row.Model, row.BatchNorm, row.Preset, row.Status,
        row.Step, row.TotalSteps, row.CreatedAt, row.FinishedAt, row.DurationAt(now),
        row.MeanIou, row.FinalLoss, row.BestValidationIou, row.Tags, row.Ablations, row.HasNote);
}
