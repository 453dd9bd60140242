namespace UNet3D.Lab.Experiments.Data.Formats;

/// <summary>
/// A NIfTI volume in memory. <see cref="Data"/> is channel-major (C, Z, Y, X) with x fastest: NIfTI's own order
/// (x, then y, then z, then dim[4]) with the channel outermost, so a 4D file's voxels map one to one. Values are
/// floats with scl_slope/scl_inter already applied.
/// </summary>
public sealed class NiftiImage
{
    /// <param name="spacing">Voxel size in <paramref name="unit"/>.</param>
    /// <param name="unit">What <paramref name="spacing"/> and <paramref name="affine"/> are measured in; written as xyzt_units.</param>
    /// <param name="affine">Voxel-to-world 4×4 matrix; null for the diagonal of <paramref name="spacing"/>. Copied.</param>
    public NiftiImage(int x, int y, int z, int channels, float[] data, (double X, double Y, double Z) spacing, SpatialUnit unit,
        double[,]? affine = null, NiftiDataType sourceType = NiftiDataType.Float32, string description = "")
        : this(x, y, z, channels, data, spacing, unit, affine, sourceType, description, headerTemplate: null)
    {
    }

    internal NiftiImage(int x, int y, int z, int channels, float[] data, (double X, double Y, double Z) spacing, SpatialUnit unit,
        double[,]? affine, NiftiDataType sourceType, string description, NiftiHeaderTemplate? headerTemplate)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(x, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(y, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(z, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(description);
        if (!Enum.IsDefined(unit)) throw new ArgumentOutOfRangeException(nameof(unit), unit, "Not a spatial unit.");
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
        Unit = unit;
        Affine = affine is null ? NiftiAffine.Diagonal(spacing) : (double[,])affine.Clone();
        SourceType = sourceType;
        Description = description;
        HeaderTemplate = headerTemplate;
    }

    public int X { get; }
    public int Y { get; }
    public int Z { get; }
    public int Channels { get; }

    /// <summary>Channel-major (C, Z, Y, X), x fastest; see <see cref="Index"/>.</summary>
    public float[] Data { get; }

    /// <summary>Voxel size from pixdim[1..3] (absolute values), in <see cref="Unit"/>: the numbers as stored.</summary>
    public (double X, double Y, double Z) Spacing { get; }

    /// <summary>The unit of <see cref="Spacing"/> and <see cref="Affine"/> (xyzt_units' spatial bits).</summary>
    public SpatialUnit Unit { get; }

    /// <summary>Voxel (i, j, k, 1) to world (x, y, z, 1): the sform if set, else the qform, else the spacing diagonal.</summary>
    public double[,] Affine { get; }

    /// <summary>The type the voxels were stored as (what a round trip should write back).</summary>
    public NiftiDataType SourceType { get; }

    /// <summary>The header's descrip field (at most 79 characters are written).</summary>
    public string Description { get; }

    /// <summary>
    /// The geometry fields of the header this image was read from (or whose image it was made with
    /// <see cref="WithVoxels"/>); <see cref="NiftiWriter"/> writes them back unchanged. Null for an image made in memory.
    /// </summary>
    public NiftiHeaderTemplate? HeaderTemplate { get; }

    public VolumeShape Shape => new(Z, Y, X);

    public long VoxelsPerChannel => (long)X * Y * Z;

    public long Index(int channel, int z, int y, int x) => ((channel * (long)Z + z) * Y + y) * X + x;

    /// <summary>
    /// Other voxels on this image's grid (a label map, class probabilities): the same size, spacing, unit, affine and
    /// header geometry, so that the file written from it overlays this one in any viewer.
    /// </summary>
    public NiftiImage WithVoxels(int channels, float[] data, NiftiDataType sourceType, string description) =>
        new(X, Y, Z, channels, data, Spacing, Unit, Affine, sourceType, description, HeaderTemplate);
}
