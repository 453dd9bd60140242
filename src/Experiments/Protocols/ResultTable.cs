using System.Text.Json.Serialization;

namespace UNet3D.Lab.Experiments.Protocols;

/// <summary>A table in the paper's shape, filled with what has finished so far.</summary>
public sealed record ResultTable(
    [property: JsonIgnore] TableLayout Layout,
    IReadOnlyList<string> Columns,
    IReadOnlyList<ResultRow> Rows,
    IReadOnlyList<string> Notes,
    IReadOnlyList<ChartBar> Chart)
{
    public int Table => Layout.Table;

    public string Title => Layout.Title;

    public string RowHeader => Layout.RowHeader;

    /// <summary>Table 2's "GT voxels"; null for the other tables.</summary>
    public string? ExtraColumn => Layout.ExtraColumn;

    public string CellMeaning => Layout.CellMeaning;

    public ResultCell? Cell(string row, string column)
    {
        var r = Rows.FirstOrDefault(x => x.Label == row);
        var c = Columns.ToList().IndexOf(column);
        return r is null || c < 0 ? null : r.Cells[c];
    }

    /// <summary>Our mean at a place; null while it has no finished run.</summary>
    public double? Ours(string row, string column) => Cell(row, column)?.Ours?.Mean;

    [JsonPropertyName("complete")]
    public bool IsComplete => Rows.All(r => r.Cells.All(c => c.Done >= c.Expected));
}
