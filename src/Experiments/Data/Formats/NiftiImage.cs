namespace UNet3D.Lab.Experiments.Data.Formats;

/// <summary>
/// A NIfTI volume in memory. <see cref="Data"/> is channel-major (C, Z, Y, X) with x fastest: NIfTI's own order
/// (x, then y, then z, then dim[4]) with the channel outermost, so a 4D file's voxels map one to one. Values are
/// floats with scl_slope/scl_inter already applied.
/// </summary>
public sealed class NiftiImage
{
    /// <param name="affine">Voxel-to-world 4×4 matrix; null for the diagonal of <paramref name="spacing"/>. Copied.</param>
    public NiftiImage(int x, int y, int z, int channels, float[] data, (double X, double Y, double Z) spacing,
        double[,]? affine = null, NiftiDataType sourceType = NiftiDataType.Float32, string description = "")
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(x, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(y, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(z, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(description);
        if (data.LongLength != (long)x * y * z * channels)
            throw new ArgumentException($"Image data has {data.LongLength} values, expected {channels} × {x}x{y}x{z} = {(long)x * y * z * channels}.", nameof(data));
        foreach (var (axis, size) in new[] { ("x", spacing.X), ("y", spacing.Y), ("z", spacing.Z) })
        {
            if (!double.IsFinite(size) || size <= 0)
                throw new ArgumentOutOfRangeException(nameof(spacing), spacing, $"Voxel spacing along {axis} must be positive and finite, got {size}.");
        }
        if (affine is not null && (affine.GetLength(0) != 4 || affine.GetLength(1) != 4))
            throw new ArgumentException($"The affine must be 4×4, got {affine.GetLength(0)}×{affine.GetLength(1)}.", nameof(affine));
        if (affine is not null && affine.Cast<double>().Any(value => !double.IsFinite(value)))
            throw new ArgumentException("The affine has a value that is not finite.", nameof(affine));

        X = x;
        Y = y;
        Z = z;
        Channels = channels;
        Data = data;
        Spacing = spacing;
        Affine = affine is null ? NiftiAffine.Diagonal(spacing) : (double[,])affine.Clone();
        SourceType = sourceType;
        Description = description;
    }

    public int X { get; }
    public int Y { get; }
    public int Z { get; }
    public int Channels { get; }

    /// <summary>Channel-major (C, Z, Y, X), x fastest; see <see cref="Index"/>.</summary>
    public float[] Data { get; }

    /// <summary>Voxel size from pixdim[1..3] (absolute values), in the file's units (mm for files we write).</summary>
    public (double X, double Y, double Z) Spacing { get; }

    /// <summary>Voxel (i, j, k, 1) to world (x, y, z, 1): the sform if set, else the qform, else the spacing diagonal.</summary>
    public double[,] Affine { get; }

    /// <summary>The type the voxels were stored as (what a round trip should write back).</summary>
    public NiftiDataType SourceType { get; }

    /// <summary>The header's descrip field (at most 79 characters are written).</summary>
    public string Description { get; }

    public VolumeShape Shape => new(Z, Y, X);

    public long VoxelsPerChannel => (long)X * Y * Z;

    public long Index(int channel, int z, int y, int x) => ((channel * (long)Z + z) * Y + y) * X + x;
}
