using UNet3D.Lab.Experiments.Runs;
using UNet3D.Lab.Silo.Models;

namespace UNet3D.Lab.Web.Api;

/// <summary>One row of <c>GET /api/experiments</c>.</summary>
public sealed record ExperimentSummaryView(
    string Id, string Url, string Name, string Model, bool BatchNorm, string Preset, string Status,
    int Step, int TotalSteps, DateTimeOffset CreatedAt, [property: System.Text.Json.Serialization.JsonPropertyName("meanIou")] double? MeanIoU)
{
    public static ExperimentSummaryView From(ExperimentSnapshot s, string url) => new(
        s.Id, url, s.Config.Name, ModelNames.Of(s.Config.Model), s.Config.BatchNorm, s.Config.Preset, s.Status.ToString().ToLowerInvariant(),
        s.Step, s.TotalSteps, s.CreatedAt, s.Metrics?.MeanIoU);
}
