using System.Text.Json.Serialization;

namespace UNet3D.Lab.Web.Api;

/// <summary>One row of <c>GET /api/experiments</c>.</summary>
public sealed record ExperimentSummaryView(
    string Id, string Url, string Name, ModelKind Model, bool BatchNorm, string Preset, ExperimentStatus Status,
    int Step, int TotalSteps, DateTimeOffset CreatedAt, [property: JsonPropertyName("meanIou")] double? MeanIoU)
{
    public static ExperimentSummaryView From(ExperimentSnapshot s, string url) => new(
        s.Id, url, s.Config.DisplayName, s.Config.Model, s.Config.BatchNorm, s.Config.Preset, s.Status,
        s.Step, s.TotalSteps, s.CreatedAt, s.Metrics?.MeanIoU);
}
