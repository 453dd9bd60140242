using System.Globalization;

namespace UNet3D.Lab.Experiments.Protocols;

/// <summary>
/// Fills a table in the paper's shape from the finished runs of its cells: each cell's mean ± sd over seeds next to
/// the paper's value, the averages the paper prints, Table 2's annotated voxel share, and the per-dataset chart.
/// </summary>
/// <remarks>
/// An average (Tables 1 and 3: the average row; Table 2: the mean column) is taken per seed over the cells it covers,
/// using only seeds that have a defined value in every one of them, and then summarised over those seeds. It stays
/// empty until at least one seed has finished in all its cells.
/// </remarks>
public static class TableReport
{
    public static ResultTable Build(TableLayout layout, IReadOnlyList<CellOutcome> cells, IReadOnlyList<string> notes)
    {
        var columns = layout.AverageColumn is { } meanColumn ? [.. layout.Columns, meanColumn] : layout.Columns.ToArray();
        var rows = new List<ResultRow>();
        for (var r = 0; r < layout.Rows.Count; r++)
        {
            var label = layout.Rows[r];
            var outcomes = layout.Columns.Select(column => Find(cells, label, column)).ToArray();
            var row = outcomes.Select((o, c) => Place(o, PaperTables.Value(layout, r, c))).ToList();
            if (layout.AverageColumn is not null) row.Add(Averaged(outcomes, PaperTables.Value(layout, r, layout.Columns.Count)));
            var extra = layout.ExtraColumn is null ? null : AnnotatedShare(outcomes, PaperTables.GtVoxels(layout, r));
            rows.Add(new ResultRow(label, row, extra, IsAverage: false));
        }
        if (layout.AverageRow is { } averageRow)
        {
            var averages = layout.Columns.Select((column, c) =>
                Averaged(layout.Rows.Select(row => Find(cells, row, column)).ToArray(), PaperTables.Value(layout, layout.Rows.Count, c))).ToArray();
            rows.Add(new ResultRow(averageRow, averages, null, IsAverage: true));
        }
        return new ResultTable(layout, columns, rows, notes, Chart(layout, cells));
    }

    /// <summary>
    /// The lines printed with every table: which classes enter the IoU, preset, iterations, seeds, the network and
    /// training recipe, datasets, how a cell is made and (Tables 1 and 3) each dataset's pool of annotated slices.
    /// </summary>
    public static IReadOnlyList<string> Notes(
        TableLayout layout, IReadOnlyList<int> iouClasses, string preset, int iterations, bool augment, int seeds,
        IReadOnlyList<string> datasets, IReadOnlyDictionary<string, IReadOnlyList<int>>? pools = null, string? recipe = null)
    {
        var notes = new List<string>
        {
            "IoU: " + string.Join(" + ", iouClasses.Select(c => string.Create(CultureInfo.InvariantCulture, $"{SegmentationLabels.Name(c)} (label {c})"))),
            string.Create(CultureInfo.InvariantCulture,
                $"preset {preset} · {iterations} iterations per network · augmentation {(augment ? "on" : "off")} · seeds {(seeds == 1 ? "1" : $"1–{seeds}")} (ours: mean ± sample sd over seeds, n)"),
            "datasets: " + string.Join(", ", datasets) + " (paper values by position: the first dataset is compared with the paper's S1 / volume 1, and so on)",
            "cell: " + layout.CellMeaning,
        };
        if (recipe is not null) notes.Insert(2, "network and training: " + recipe);
        if (pools is not null && pools.Count > 0)
            notes.Add("annotated slices per dataset (x, y, z): " + string.Join(", ", pools.Select(p => $"{p.Key} ({string.Join(", ", p.Value)})")));
        return notes;
    }

    private static CellOutcome? Find(IReadOnlyList<CellOutcome> cells, string row, string column) =>
        cells.FirstOrDefault(c => c.Row == row && c.Column == column);

    private static ResultCell Place(CellOutcome? outcome, double? paper) =>
        outcome is null ? new ResultCell(null, null, paper, 0, 0) : new ResultCell(outcome.Key, outcome.Statistic, paper, outcome.Runs.Count, outcome.Expected);

    /// <summary>Per seed, the mean over the cells; then the statistic over the seeds every cell has a value for.</summary>
    private static ResultCell Averaged(IReadOnlyList<CellOutcome?> cells, double? paper)
    {
        var present = cells.OfType<CellOutcome>().ToArray();
        var expected = present.Length == cells.Count && present.Length > 0 ? present.Min(c => c.Expected) : 0;
        var seeds = CommonSeeds(present, cells.Count, (cell, run) => run.Value(cell.Measured));
        var values = seeds.Select(seed => present.Average(cell => cell.Runs.First(r => r.Seed == seed).Value(cell.Measured)));
        return new ResultCell(null, Statistic.Of(values), paper, seeds.Count, expected);
    }

    /// <summary>Table 2's GT voxels: per seed, the mean annotated share over the row's datasets.</summary>
    private static ResultCell AnnotatedShare(IReadOnlyList<CellOutcome?> cells, double? paper)
    {
        var present = cells.OfType<CellOutcome>().ToArray();
        var expected = present.Length == cells.Count && present.Length > 0 ? present.Min(c => c.Expected) : 0;
        var seeds = CommonSeeds(present, cells.Count, (cell, run) => Fraction(cell, run));
        var values = seeds.Select(seed => present.Average(cell => Fraction(cell, cell.Runs.First(r => r.Seed == seed))));
        return new ResultCell(null, Statistic.Of(values), paper, seeds.Count, expected);
    }

    private static double Fraction(CellOutcome cell, RunOutcome run) =>
        run.Scores.Where(s => cell.Measured.Contains(s.Dataset, StringComparer.Ordinal)).Select(s => s.AnnotatedFraction).DefaultIfEmpty(double.NaN).Average();

    private static List<int> CommonSeeds(IReadOnlyList<CellOutcome> present, int needed, Func<CellOutcome, RunOutcome, double> value)
    {
        if (present.Count == 0 || present.Count < needed) return [];
        return present
            .Select(cell => cell.Runs.Where(r => double.IsFinite(value(cell, r))).Select(r => r.Seed).ToHashSet())
            .Aggregate((a, b) => { a.IntersectWith(b); return a; })
            .Order()
            .ToList();
    }

    // Tables 1 and 3: each dataset's IoU under each model; Table 2: each dataset's IoU under each setting.
    private static List<ChartBar> Chart(TableLayout layout, IReadOnlyList<CellOutcome> cells)
    {
        var bars = new List<ChartBar>();
        switch (layout.Table)
        {
            case 1:
                foreach (var column in layout.Columns)
                {
                    var folds = layout.Rows.Select(row => Find(cells, row, column)).ToArray();
                    var present = folds.OfType<CellOutcome>().ToArray();
                    var datasets = present.SelectMany(c => c.Measured).Distinct(StringComparer.Ordinal);
                    foreach (var dataset in datasets)
                    {
                        string[] only = [dataset];
                        var seeds = CommonSeeds(present, folds.Length, (_, run) => run.Value(only));
                        var values = seeds.Select(seed => present.Average(cell => cell.Runs.First(r => r.Seed == seed).Value(only)));
                        if (Statistic.Of(values) is { } value) bars.Add(new ChartBar(column, dataset, value));
                    }
                }
                break;
            case 2:
                foreach (var row in layout.Rows)
                foreach (var column in layout.Columns)
                    if (Find(cells, row, column)?.Statistic is { } value) bars.Add(new ChartBar(row, column, value));
                break;
            default:
                foreach (var column in layout.Columns)
                foreach (var row in layout.Rows)
                    if (Find(cells, row, column)?.Statistic is { } value) bars.Add(new ChartBar(column, row, value));
                break;
        }
        return bars;
    }
}
