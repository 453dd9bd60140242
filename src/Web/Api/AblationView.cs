using System.Text.Json.Nodes;

namespace UNet3D.Lab.Web.Api;

/// <summary>
/// Body of <c>GET /api/ablations/{id}</c>: a grid (its axes) or one of the paper's tables (its request), its status, and
/// one group per cell with mean ± sd over the seeds.
/// </summary>
public sealed record AblationView(
    string Id,
    string Url,
    string Name,
    string Kind,
    AblationStatus Status,
    IReadOnlyDictionary<string, JsonArray> Axes,
    TableRequest? Table,
    int Seeds,
    int Runs,
    int RunsDone,
    int RunsReused,
    IReadOnlyList<AblationGroup> Groups,
    DateTimeOffset CreatedAt,
    DateTimeOffset? FinishedAt)
{
    public static AblationView From(AblationSnapshot a, string baseUrl) => new(
        a.Id, AblationSummaryView.PageUrl(a, baseUrl), a.Name, AblationSummaryView.KindOf(a), a.Status, a.Grid?.Axes ?? [], a.Table, a.Seeds,
        a.RunCount, a.RunsFinished, a.RunsReused, AblationGroup.Of(a), a.CreatedAt, a.FinishedAt);
}
