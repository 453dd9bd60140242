namespace UNet3D.Lab.Experiments.Protocols;

/// <summary>One dataset's headline IoU in a finished run, and the share of its voxels the run annotated (0 when only tested).</summary>
public sealed record DatasetScore(string Dataset, double IoU, double AnnotatedFraction);

/// <summary>A finished run of a cell with one seed.</summary>
public sealed record RunOutcome(int Seed, IReadOnlyList<DatasetScore> Scores)
{
    /// <summary>The mean IoU over <paramref name="datasets"/> (an undefined IoU left out); NaN when none is defined.</summary>
    public double Value(IReadOnlyList<string> datasets)
    {
        var values = Scores.Where(s => datasets.Contains(s.Dataset, StringComparer.Ordinal) && double.IsFinite(s.IoU)).Select(s => s.IoU).ToArray();
        return values.Length == 0 ? double.NaN : values.Average();
    }
}

/// <summary>What is known of one cell: its place, its measured datasets and its finished runs, out of how many seeds.</summary>
public sealed record CellOutcome(string Key, string Row, string Column, IReadOnlyList<string> Measured, IReadOnlyList<RunOutcome> Runs, int Expected)
{
    public bool IsComplete => Runs.Count >= Expected;

    /// <summary>The cell's value for each finished seed.</summary>
    public IEnumerable<(int Seed, double Value)> Values => Runs.Select(r => (r.Seed, r.Value(Measured)));

    public Statistic? Statistic => Protocols.Statistic.Of(Values.Select(v => v.Value));
}
