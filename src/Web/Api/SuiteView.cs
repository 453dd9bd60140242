using UNet3D.Lab.Experiments.Protocols;

namespace UNet3D.Lab.Web.Api;

/// <summary>
/// Body of <c>GET /api/suites/{id}</c>: the request, progress, cells with their experiments, and the table and claims
/// as the engine's protocols define them; the API adds links.
/// </summary>
public sealed record SuiteView(
    string Id,
    string Url,
    TableRequest Request,
    AblationStatus Status,
    IReadOnlyList<string> Datasets,
    string IouClassNames,
    string Preset,
    int Iterations,
    int Seeds,
    string EngineVersion,
    int CellsDone,
    int Cells,
    int RunsDone,
    int Runs,
    int RunsReused,
    double Progress,
    IReadOnlyList<SuiteCellView> CellResults,
    ResultTable Table,
    IReadOnlyList<ClaimCheck> Claims,
    string CsvUrl,
    string MarkdownUrl,
    DateTimeOffset CreatedAt,
    DateTimeOffset? FinishedAt)
{
    public static SuiteView From(AblationSnapshot suite, string baseUrl)
    {
        var report = AblationTableReport.Of(suite);
        var first = suite.Cells[0].Config;
        var escaped = Uri.EscapeDataString(suite.Id);
        return new SuiteView(
            suite.Id, $"{baseUrl}/tables/{escaped}", suite.Table!, suite.Status, suite.Datasets,
            string.Join(" + ", suite.IouClasses.Select(SegmentationLabels.Name)),
            first.Preset, first.EffectiveIterations, suite.Seeds, suite.EngineVersion,
            suite.CellsFinished, suite.Cells.Length, suite.RunsFinished, suite.RunCount, suite.RunsReused, suite.Progress,
            suite.Cells.Select(cell => SuiteCellView.From(cell, report.Table, baseUrl)).ToArray(), report.Table, report.Claims,
            $"{baseUrl}/api/suites/{escaped}/table.csv", $"{baseUrl}/api/suites/{escaped}/table.md",
            suite.CreatedAt, suite.FinishedAt);
    }
}
