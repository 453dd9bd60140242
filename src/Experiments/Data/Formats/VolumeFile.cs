namespace UNet3D.Lab.Experiments.Data.Formats;

/// <summary>
/// A volume read from (or to be written to) any of <see cref="VolumeFormat"/>'s formats. <see cref="Data"/> is
/// channel-major (C, Z, Y, X) with x fastest, as floats; <see cref="Spacing"/> is in <see cref="Unit"/>. The readers
/// refuse NaN and infinite voxels, so a <see cref="VolumeFile"/> from a file holds finite values only.
/// </summary>
public sealed class VolumeFile
{
    /// <param name="data">Channel-major (C, Z, Y, X) values; kept, not copied.</param>
    /// <param name="spacing">Voxel size along x, y and z in <paramref name="unit"/>.</param>
    /// <param name="unit">What <paramref name="spacing"/> is measured in; <see cref="SpatialUnit.Unknown"/> for an uncalibrated file.</param>
    /// <param name="sourceType">The type the values were stored as, named as in <see cref="VolumeDataTypes.Name"/>.</param>
    public VolumeFile(VolumeShape shape, int channels, float[] data, (double X, double Y, double Z) spacing, SpatialUnit unit,
        string sourceType, VolumeFormat format)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shape.X, 1, nameof(shape));
        ArgumentOutOfRangeException.ThrowIfLessThan(shape.Y, 1, nameof(shape));
        ArgumentOutOfRangeException.ThrowIfLessThan(shape.Z, 1, nameof(shape));
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentException.ThrowIfNullOrWhiteSpace(sourceType);
        if (!Enum.IsDefined(unit)) throw new ArgumentOutOfRangeException(nameof(unit), unit, "Not a spatial unit.");
        if (data.LongLength != shape.VoxelCount * channels)
            throw new ArgumentException($"Volume data has {data.LongLength} values, expected {channels} × {shape} = {shape.VoxelCount * channels}.", nameof(data));
        foreach (var (axis, size) in new[] { ("x", spacing.X), ("y", spacing.Y), ("z", spacing.Z) })
        {
            if (!double.IsFinite(size) || size <= 0)
                throw new ArgumentOutOfRangeException(nameof(spacing), spacing, $"Voxel spacing along {axis} must be positive and finite, got {size}.");
        }
        Shape = shape;
        Channels = channels;
        Data = data;
        Spacing = spacing;
        Unit = unit;
        SourceType = sourceType;
        Format = format;
    }

    public VolumeShape Shape { get; }
    public int Channels { get; }

    /// <summary>Channel-major (C, Z, Y, X), x fastest; see <see cref="Index"/>.</summary>
    public float[] Data { get; }

    /// <summary>Voxel size (x, y, z) in <see cref="Unit"/>.</summary>
    public (double X, double Y, double Z) Spacing { get; }

    /// <summary>The unit of <see cref="Spacing"/>, as the file declared it (see each reader for units it converts).</summary>
    public SpatialUnit Unit { get; }

    /// <summary>The type the voxels were stored as: "uint8", "int16", "uint16", "int32", "float32", "float64", ...</summary>
    public string SourceType { get; }

    /// <summary>The format the volume was read from (or is meant for).</summary>
    public VolumeFormat Format { get; }

    public long VoxelsPerChannel => Shape.VoxelCount;

    public long Index(int channel, int z, int y, int x) => ((channel * (long)Shape.Z + z) * Shape.Y + y) * Shape.X + x;

    /// <summary>
    /// A NIfTI image's voxels and spacing: pixdim as stored, in the unit of xyzt_units (unknown when the header says
    /// none). The affine and description are dropped.
    /// </summary>
    public static VolumeFile FromNifti(NiftiImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return new VolumeFile(image.Shape, image.Channels, image.Data, image.Spacing, image.Unit, image.SourceType.Name(), VolumeFormat.Nifti);
    }

    /// <summary>
    /// This volume as a NIfTI image with the spacing diagonal as affine and <see cref="Unit"/> as its unit, sharing
    /// <see cref="Data"/>. Its source type is
    /// <see cref="SourceType"/> when NIfTI has that type, else float32.
    /// </summary>
    public NiftiImage ToNifti(string description = "")
    {
        var type = VolumeDataTypes.FromName(SourceType)?.ToNifti() ?? NiftiDataType.Float32;
        return new NiftiImage(Shape.X, Shape.Y, Shape.Z, Channels, Data, Spacing, Unit, affine: null, type, description);
    }

    /// <summary>Where value <paramref name="index"/> of <see cref="Data"/> is, for messages: "(x=1, y=2, z=3, channel 0)".</summary>
    public string Describe(long index)
    {
        var voxel = index % VoxelsPerChannel;
        var (z, y, x) = (voxel / ((long)Shape.X * Shape.Y), voxel / Shape.X % Shape.Y, voxel % Shape.X);
        return $"(x={x}, y={y}, z={z}, channel {index / VoxelsPerChannel})";
    }

    /// <summary>The first value of <see cref="Data"/> that is NaN or infinite; -1 when all are finite.</summary>
    public long FirstNonFiniteIndex()
    {
        var span = Data.AsSpan();
        for (var i = 0; i < span.Length; i++)
        {
            if (!float.IsFinite(span[i])) return i;
        }
        return -1;
    }

    /// <summary>
    /// Throws a <see cref="VolumeFormatException"/> naming <paramref name="nameForErrors"/> and the first voxel that is
    /// NaN or infinite: the one check every reader applies, so no format lets such values into training.
    /// </summary>
    public VolumeFile RequireFinite(string nameForErrors, string what = "voxel")
    {
        var index = FirstNonFiniteIndex();
        if (index < 0) return this;
        var count = Data.LongCount(value => !float.IsFinite(value));
        throw new VolumeFormatException(FormattableString.Invariant(
            $"{nameForErrors}: {what} {Describe(index)} (value index {index}) is {Data[index]}; NaN and infinite values are refused ({count} in all)."));
    }
}
