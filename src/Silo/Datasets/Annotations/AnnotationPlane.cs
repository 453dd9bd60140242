namespace UNet3D.Lab.Silo.Datasets.Annotations;

/// <summary>
/// One slice of a volume as a 2D image in the NIfTI index space (voxel i along x, j along y, k along z): along z the
/// image is X wide and Y high, pixel (column, row) = voxel (column, row, index); along y it is X × Z with voxel
/// (column, index, row); along x it is Y × Z with voxel (index, column, row).
/// </summary>
public readonly record struct AnnotationPlane(VolumeAxis Axis, int Index, VolumeShape Shape)
{
    public int Width => Axis == VolumeAxis.X ? Shape.Y : Shape.X;

    public int Height => Axis == VolumeAxis.Z ? Shape.Y : Shape.Z;

    public int Pixels => Width * Height;

    public bool InRange => Index >= 0 && Index < Shape.Extent(Axis);

    /// <summary>"z" and the like: the axis as the API and the file names spell it.</summary>
    public string AxisName => NameOf(Axis);

    /// <summary>The (Z, Y, X) index of the voxel under pixel (<paramref name="column"/>, <paramref name="row"/>).</summary>
    public long VoxelOf(int column, int row) => Axis switch
    {
        VolumeAxis.Z => ((long)Index * Shape.Y + row) * Shape.X + column,
        VolumeAxis.Y => ((long)row * Shape.Y + Index) * Shape.X + column,
        _ => ((long)row * Shape.Y + column) * Shape.X + Index,
    };

    public static string NameOf(VolumeAxis axis) => axis switch
    {
        VolumeAxis.X => "x",
        VolumeAxis.Y => "y",
        _ => "z",
    };

    /// <summary>x, y or z (any case); null for anything else.</summary>
    public static VolumeAxis? ParseAxis(string? text) => text?.ToLowerInvariant() switch
    {
        "x" => VolumeAxis.X,
        "y" => VolumeAxis.Y,
        "z" => VolumeAxis.Z,
        _ => null,
    };
}
