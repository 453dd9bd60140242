namespace UNet3D.Lab.Web.Api;

/// <summary>Row of <c>GET /api/suites</c>.</summary>
public sealed record SuiteSummaryView(
    string Id, string Url, int Table, string Preset, int Seeds, IReadOnlyList<string> Datasets, AblationStatus Status,
    int CellsDone, int Cells, int RunsDone, int Runs, int RunsReused, DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt)
{
    public static SuiteSummaryView From(AblationSnapshot s, string baseUrl) => new(
        s.Id, $"{baseUrl}/tables/{Uri.EscapeDataString(s.Id)}", s.Table!.Table, s.Table.Preset, s.Table.Seeds, s.Datasets,
        s.Status, s.CellsFinished, s.Cells.Length, s.RunsFinished, s.RunCount, s.RunsReused, s.CreatedAt, s.FinishedAt);
}
