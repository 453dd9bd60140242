namespace UNet3D.Lab.Experiments.Protocols;

/// <summary>A row of a result table; <see cref="Extra"/> is Table 2's "GT voxels" (a share, not an IoU).</summary>
public sealed record ResultRow(string Label, IReadOnlyList<ResultCell> Cells, ResultCell? Extra, bool IsAverage);
