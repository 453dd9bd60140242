namespace UNet3D.Lab.Experiments.Protocols;

/// <summary>
/// One place of a result table: our value (mean ± sd over seeds, n), the paper's, and the difference of the means.
/// <see cref="Key"/> names the cell (null for computed averages); <see cref="Done"/> of <see cref="Expected"/> runs
/// have finished.
/// </summary>
public sealed record ResultCell(string? Key, Statistic? Ours, double? Paper, int Done, int Expected)
{
    public double? Difference => Ours is { } ours && Paper is { } paper ? ours.Mean - paper : null;
}

/// <summary>A row of a result table; <see cref="Extra"/> is Table 2's "GT voxels" (a share, not an IoU).</summary>
public sealed record ResultRow(string Label, IReadOnlyList<ResultCell> Cells, ResultCell? Extra, bool IsAverage);

/// <summary>One bar of the per-dataset IoU chart: a dataset's IoU under one model (or, in Table 2, one setting).</summary>
public sealed record ChartBar(string Series, string Dataset, Statistic Value);

/// <summary>A table in the paper's shape, filled with what has finished so far.</summary>
public sealed record ResultTable(
    TableLayout Layout,
    IReadOnlyList<string> Columns,
    IReadOnlyList<ResultRow> Rows,
    IReadOnlyList<string> Notes,
    IReadOnlyList<ChartBar> Chart)
{
    public int Table => Layout.Table;

    public string Title => Layout.Title;

    public ResultCell? Cell(string row, string column)
    {
        var r = Rows.FirstOrDefault(x => x.Label == row);
        var c = Columns.ToList().IndexOf(column);
        return r is null || c < 0 ? null : r.Cells[c];
    }

    /// <summary>Our mean at a place; null while it has no finished run.</summary>
    public double? Ours(string row, string column) => Cell(row, column)?.Ours?.Mean;

    public bool IsComplete => Rows.All(r => r.Cells.All(c => c.Done >= c.Expected));
}
