using UNet3D.Lab.Silo.Models;

namespace UNet3D.Lab.Web.Api;

/// <summary>Body of <c>GET /api/experiments/{id}</c>: config, status, progress, curve and metrics.</summary>
public sealed record ExperimentView(
    string Id,
    string Url,
    ExperimentConfigView Config,
    string Status,
    ProgressView Progress,
    IReadOnlyList<LossPoint> Curve,
    MetricsView? Metrics,
    string? Error,
    string? Worker,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt)
{
    public static ExperimentView From(ExperimentSnapshot s, string url) => new(
        s.Id, url, ExperimentConfigView.From(s.Config), s.Status.ToString().ToLowerInvariant(),
        new ProgressView(s.Step, s.TotalSteps, s.Progress, s.CancelRequested),
        s.Curve, s.Metrics is null ? null : MetricsView.From(s.Metrics), s.Error, s.Worker, s.CreatedAt, s.StartedAt, s.FinishedAt);
}
