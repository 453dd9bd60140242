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
