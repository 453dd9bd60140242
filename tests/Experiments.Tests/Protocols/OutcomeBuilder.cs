using UNet3D.Lab.Experiments.Protocols;

namespace UNet3D.Lab.Experiments.Tests.Protocols;

/// <summary>Hand-made cell outcomes: the value of each (row, column, seed), as if the experiments had finished.</summary>
internal sealed class OutcomeBuilder(int table, params string[] datasets)
{
    private readonly List<CellOutcome> cells = [];

    public TableLayout Layout { get; } = TableLayout.For(table, datasets);

    /// <summary>A cell measured on every dataset (Table 1) with per-dataset IoU per seed.</summary>
    public OutcomeBuilder Cell(string row, string column, params (int Seed, double[] PerDataset)[] runs)
    {
        var measured = Layout.Table == 1 ? datasets : [Layout.Table == 2 ? column : row];
        cells.Add(new CellOutcome($"{row}/{column}", row, column, measured,
            runs.Select(r => new RunOutcome(r.Seed, r.PerDataset.Select((v, i) => new DatasetScore(measured[i], v, 0.01 * (Layout.Rows.ToList().IndexOf(row) + 1))).ToArray())).ToArray(),
            Expected: runs.Length));
        return this;
    }

    /// <summary>A cell with one value per seed (Tables 2 and 3, or Table 1 with one dataset).</summary>
    public OutcomeBuilder Cell(string row, string column, params double[] perSeed) =>
        Cell(row, column, perSeed.Select((v, i) => (i + 1, new[] { v })).ToArray());

    public OutcomeBuilder Pending(string row, string column, int expected)
    {
        cells.Add(new CellOutcome($"{row}/{column}", row, column, [Layout.Table == 2 ? column : row], [], expected));
        return this;
    }

    /// <summary>Every cell of the layout with the value given by <paramref name="value"/>(row, column), one seed.</summary>
    public OutcomeBuilder All(Func<string, string, double> value)
    {
        foreach (var row in Layout.Rows)
        foreach (var column in Layout.Columns)
            Cell(row, column, value(row, column));
        return this;
    }

    public ResultTable Build() => TableReport.Build(Layout, cells, ["note"]);
}
