using UNet3D.Lab.Experiments.Protocols;

namespace UNet3D.Lab.Web.Api;

/// <summary>A cell: where it sits in the table, its status, its value beside the paper's, and its runs.</summary>
public sealed record SuiteCellView(
    string Key, string Row, string Column, IReadOnlyList<string> Measured, string Status, Statistic? Ours, double? Paper, double? Difference,
    IReadOnlyList<SuiteRunView> Runs)
{
    public static SuiteCellView From(AblationCell cell, ResultTable table, string baseUrl)
    {
        var place = table.Cell(cell.Row, cell.Column);
        return new SuiteCellView(cell.Key, cell.Row, cell.Column, cell.Measured, AblationPresentation.CellStatus(cell),
            place?.Ours, place?.Paper, place?.Difference, cell.Runs.Select(r => SuiteRunView.From(cell, r, baseUrl)).ToArray());
    }
}
