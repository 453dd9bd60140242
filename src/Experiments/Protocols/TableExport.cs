using System.Globalization;
using System.Text;

namespace UNet3D.Lab.Experiments.Protocols;

/// <summary>A result table as CSV (one line per place, for scripts) and as Markdown (the paper's shape, for people).</summary>
public static class TableExport
{
    public const string CsvHeader = "table,row,column,ours_mean,ours_sd,ours_n,paper,difference";

    /// <summary>
    /// One line per place of the table, averages and Table 2's GT voxels included; numbers with four decimals, empty
    /// where there is no value; fields with commas quoted (RFC 4180). Lines end with \n.
    /// </summary>
    public static string Csv(ResultTable table)
    {
        var text = new StringBuilder(CsvHeader).Append('\n');
        foreach (var row in table.Rows)
        {
            if (row.Extra is { } extra) Line(text, table.Table, row.Label, table.Layout.ExtraColumn!, extra);
            for (var c = 0; c < table.Columns.Count; c++) Line(text, table.Table, row.Label, table.Columns[c], row.Cells[c]);
        }
        return text.ToString();
    }

    /// <summary>
    /// The table in the paper's shape with ours | paper | Δ side by side for every column, the notes above it and the
    /// claims below it. Lines end with \n.
    /// </summary>
    public static string Markdown(ResultTable table, IReadOnlyList<ClaimCheck> claims)
    {
        var text = new StringBuilder();
        text.Append("### ").Append(table.Title).Append("\n\n");
        foreach (var note in table.Notes) text.Append("- ").Append(note).Append('\n');
        text.Append('\n');

        var header = new List<string> { table.Layout.RowHeader };
        if (table.Layout.ExtraColumn is { } extraColumn) header.AddRange([$"{extraColumn}: ours", "paper"]);
        foreach (var column in table.Columns) header.AddRange([$"{column}: ours", "paper", "Δ"]);
        text.Append("| ").Append(string.Join(" | ", header)).Append(" |\n");
        text.Append('|').Append(string.Concat(Enumerable.Repeat("---|", header.Count))).Append('\n');
        foreach (var row in table.Rows)
        {
            var fields = new List<string> { row.IsAverage ? $"**{row.Label}**" : row.Label };
            if (table.Layout.ExtraColumn is not null)
                fields.AddRange([row.Extra?.Ours is { } share ? Percent(share) : "–", row.Extra?.Paper is { } paperShare ? Percent(paperShare) : "–"]);
            foreach (var cell in row.Cells)
                fields.AddRange([cell.Ours?.ToString() ?? "–", cell.Paper is { } paper ? F3(paper) : "–", cell.Difference is { } d ? Signed(d) : "–"]);
            text.Append("| ").Append(string.Join(" | ", fields)).Append(" |\n");
        }

        if (claims.Count > 0)
        {
            text.Append("\nClaims:\n\n");
            foreach (var claim in claims)
                text.Append(string.Create(CultureInfo.InvariantCulture,
                    $"- **({claim.Number}) {claim.Claim}: {claim.VerdictText}.** {claim.Evidence}. Rule: {claim.Rule} (on the paper's values: {ClaimCheck.Text(claim.PaperVerdict)}).\n"));
        }
        return text.ToString();
    }

    private static void Line(StringBuilder text, int table, string row, string column, ResultCell cell)
    {
        string[] fields =
        [
            table.ToString(CultureInfo.InvariantCulture), Quote(row), Quote(column),
            F4(cell.Ours?.Mean), F4(cell.Ours?.StandardDeviation), cell.Ours?.N.ToString(CultureInfo.InvariantCulture) ?? "",
            F4(cell.Paper), F4(cell.Difference),
        ];
        text.Append(string.Join(",", fields)).Append('\n');
    }

    private static string Quote(string field) =>
        field.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;

    private static string F4(double? value) => value is { } v ? v.ToString("F4", CultureInfo.InvariantCulture) : "";

    private static string F3(double value) => value.ToString("F3", CultureInfo.InvariantCulture);

    private static string Signed(double value) => (value >= 0 ? "+" : "") + value.ToString("F3", CultureInfo.InvariantCulture);

    private static string Percent(Statistic share) => share.StandardDeviation is { } sd
        ? string.Create(CultureInfo.InvariantCulture, $"{share.Mean * 100:F1}% ± {sd * 100:F1}% (n={share.N})")
        : string.Create(CultureInfo.InvariantCulture, $"{share.Mean * 100:F1}% (n={share.N})");

    private static string Percent(double share) => string.Create(CultureInfo.InvariantCulture, $"{share * 100:F1}%");
}
