using UNet3D.Lab.Experiments.Data;
using UNet3D.Lab.Experiments.Protocols;
using UNet3D.Lab.Silo.Models;
using UNet3D.Lab.Silo.Suites;
using UNet3D.Lab.Web.Services;

namespace UNet3D.Lab.Web.Api;

/// <summary>Mean over seeds, sample standard deviation (null for one seed) and the number of seeds.</summary>
public sealed record StatisticView(double Mean, double? Sd, int N)
{
    public static StatisticView? From(Statistic? statistic) => statistic is null ? null : new(statistic.Mean, statistic.StandardDeviation, statistic.N);
}

/// <summary>A place of the table: ours, the paper's, their difference, and how many of its runs have finished.</summary>
public sealed record TableCellView(string? Key, StatisticView? Ours, double? Paper, double? Difference, int Done, int Expected)
{
    public static TableCellView? From(ResultCell? cell) =>
        cell is null ? null : new(cell.Key, StatisticView.From(cell.Ours), cell.Paper, cell.Difference, cell.Done, cell.Expected);
}

public sealed record TableRowView(string Label, bool IsAverage, TableCellView? Extra, IReadOnlyList<TableCellView> Cells);

public sealed record ChartBarView(string Series, string Dataset, double Mean, double? Sd, int N);

/// <summary>The table in the paper's shape: rows × columns, each place with ours, paper and difference.</summary>
public sealed record TableView(
    int Table, string Title, string RowHeader, IReadOnlyList<string> Columns, string? ExtraColumn,
    IReadOnlyList<TableRowView> Rows, IReadOnlyList<string> Notes, IReadOnlyList<ChartBarView> Chart, bool Complete)
{
    public static TableView From(ResultTable table) => new(
        table.Table, table.Title, table.Layout.RowHeader, table.Columns, table.Layout.ExtraColumn,
        table.Rows.Select(r => new TableRowView(r.Label, r.IsAverage, TableCellView.From(r.Extra), r.Cells.Select(c => TableCellView.From(c)!).ToArray())).ToArray(),
        table.Notes,
        table.Chart.Select(b => new ChartBarView(b.Series, b.Dataset, b.Value.Mean, b.Value.StandardDeviation, b.Value.N)).ToArray(),
        table.IsComplete);
}

/// <summary>A claim: "holds", "does not hold" or "undetermined", the rule, and the numbers behind the verdict.</summary>
public sealed record ClaimView(int Number, string Claim, string Verdict, string Rule, string Evidence, string PaperVerdict)
{
    public static ClaimView From(ClaimCheck claim) =>
        new(claim.Number, claim.Claim, claim.VerdictText, claim.Rule, claim.Evidence, ClaimCheck.Text(claim.PaperVerdict));
}

/// <summary>One seed of a cell: its experiment (and that experiment's page), status and IoU on the cell's datasets.</summary>
public sealed record SuiteRunView(int Seed, string? ExperimentId, string? ExperimentUrl, string Status, bool Reused, int Step, int TotalSteps, double? IoU);

/// <summary>A cell: where it sits in the table, its status, its value and its runs.</summary>
public sealed record SuiteCellView(
    string Key, string Row, string Column, IReadOnlyList<string> Measured, string Status, StatisticView? Ours, double? Paper, double? Difference,
    IReadOnlyList<SuiteRunView> Runs);

public sealed record SuiteRequestView(int Table, string Preset, int Seeds, IReadOnlyList<string>? Datasets, int? Iterations, bool Fresh);

/// <summary>Body of <c>GET /api/suites/{id}</c>: the request, progress, cells with their experiments, the table and the claims.</summary>
public sealed record SuiteView(
    string Id,
    string Url,
    SuiteRequestView Request,
    string Status,
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
    TableView Table,
    IReadOnlyList<ClaimView> Claims,
    string CsvUrl,
    string MarkdownUrl,
    DateTimeOffset CreatedAt,
    DateTimeOffset? FinishedAt)
{
    public static SuiteView From(SuiteSnapshot suite, string baseUrl)
    {
        var report = SuiteReport.Of(suite);
        var first = suite.Cells[0].Config.ToSpec();
        var cells = suite.Cells.Select(cell =>
        {
            var place = report.Table.Cell(cell.Row, cell.Column);
            return new SuiteCellView(cell.Key, cell.Row, cell.Column, cell.Measured, SuitePresentation.CellStatus(cell),
                StatisticView.From(place?.Ours), place?.Paper, place?.Difference,
                cell.Runs.Select(r => new SuiteRunView(r.Seed, r.ExperimentId,
                    r.ExperimentId is null ? null : $"{baseUrl}/experiments/{Uri.EscapeDataString(r.ExperimentId)}",
                    SuitePresentation.RunStatus(r), r.Reused, r.Step, r.TotalSteps, SuitePresentation.RunIoU(cell, r))).ToArray());
        }).ToArray();
        return new SuiteView(
            suite.Id, $"{baseUrl}/tables/{Uri.EscapeDataString(suite.Id)}",
            new SuiteRequestView(suite.Request.Table, suite.Request.Preset, suite.Request.Seeds, suite.Request.Datasets, suite.Request.Iterations, suite.Request.Fresh),
            suite.Status.ToString().ToLowerInvariant(), suite.Datasets,
            string.Join(" + ", suite.IouClasses.Select(SegmentationLabels.Name)),
            first.Preset, first.EffectiveIterations, suite.Request.Seeds, suite.EngineVersion,
            suite.CellsFinished, suite.Cells.Length, suite.RunsFinished, suite.RunCount, suite.RunsReused, suite.Progress,
            cells, TableView.From(report.Table), report.Claims.Select(ClaimView.From).ToArray(),
            $"{baseUrl}/api/suites/{Uri.EscapeDataString(suite.Id)}/table.csv",
            $"{baseUrl}/api/suites/{Uri.EscapeDataString(suite.Id)}/table.md",
            suite.CreatedAt, suite.FinishedAt);
    }
}

/// <summary>Row of <c>GET /api/suites</c>.</summary>
public sealed record SuiteSummaryView(
    string Id, string Url, int Table, string Preset, int Seeds, IReadOnlyList<string> Datasets, string Status,
    int CellsDone, int Cells, int RunsDone, int Runs, int RunsReused, DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt)
{
    public static SuiteSummaryView From(SuiteSnapshot s, string baseUrl) => new(
        s.Id, $"{baseUrl}/tables/{Uri.EscapeDataString(s.Id)}", s.Request.Table, s.Request.Preset, s.Request.Seeds, s.Datasets,
        s.Status.ToString().ToLowerInvariant(), s.CellsFinished, s.Cells.Length, s.RunsFinished, s.RunCount, s.RunsReused, s.CreatedAt, s.FinishedAt);
}
