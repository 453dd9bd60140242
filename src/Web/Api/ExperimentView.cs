namespace UNet3D.Lab.Web.Api;

/// <summary>
/// Body of <c>GET /api/experiments/{id}</c>: the configuration with every default written out as it takes effect,
/// status, progress, the last loss and best held-out IoU so far, and the metrics, as the engine defines them; the
/// researcher's tags and note, and the ablations that use the run; <see cref="Classes"/> names the classes it predicts,
/// in label order (<see cref="RunClasses"/>). The API adds the page's URL. The curves are series
/// of their own (<c>GET /api/experiments/{id}/series/{name}</c>).
/// </summary>
public sealed record ExperimentView(
    string Id,
    string Url,
    ExperimentSpec Config,
    ExperimentStatus Status,
    ProgressView Progress,
    double? LastLoss,
    double? BestValidationIou,
    ExperimentResult? Metrics,
    string? Error,
    string? Worker,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    IReadOnlyList<string> Tags,
    string? Note,
    IReadOnlyList<string> Ablations,
    IReadOnlyList<string> Classes)
{
    public static ExperimentView From(ExperimentSnapshot s, string url, LabelSet classes) => new(
        s.Id, url, s.Config.Resolved(), s.Status,
        new ProgressView(s.Step, s.TotalSteps, s.Progress, s.CancelRequested),
        s.LastLoss, s.BestValidationIou, s.Metrics, s.Error, s.Worker, s.CreatedAt, s.StartedAt, s.FinishedAt, s.Tags, s.Note, s.Ablations,
        classes.Names);
}
