namespace UNet3D.Lab.Web.Api;

/// <summary>Row of <c>GET /api/ablations</c>: grids and the paper's tables, newest first.</summary>
/// <param name="Kind">"grid" or "table".</param>
public sealed record AblationSummaryView(
    string Id, string Url, string Name, string Kind, AblationStatus Status, int Runs, int RunsDone, DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt)
{
    public static AblationSummaryView From(AblationSnapshot a, string baseUrl) =>
        new(a.Id, PageUrl(a, baseUrl), a.Name, KindOf(a), a.Status, a.RunCount, a.RunsFinished, a.CreatedAt, a.FinishedAt);

    /// <summary>A table's page is its table; a grid's the ablation page.</summary>
    public static string PageUrl(AblationSnapshot a, string baseUrl) =>
        $"{baseUrl}/{(a.Table is null ? "ablations" : "tables")}/{Uri.EscapeDataString(a.Id)}";

    public static string KindOf(AblationSnapshot a) => a.Table is null ? "grid" : "table";
}
