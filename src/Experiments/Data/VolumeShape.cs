namespace UNet3D.Lab.Experiments.Data;

/// <summary>Extent of a volume in voxels, stored z-major (Z, Y, X) like the tensors built from it.</summary>
public readonly record struct VolumeShape(int Z, int Y, int X)
{
    public long VoxelCount => (long)Z * Y * X;

    public int Extent(VolumeAxis axis) => axis switch
    {
        VolumeAxis.X => X,
        VolumeAxis.Y => Y,
        VolumeAxis.Z => Z,
        _ => throw new ArgumentOutOfRangeException(nameof(axis), axis, null),
    };

    public long[] ToTensorShape() => [Z, Y, X];

    public override string ToString() => $"{X}x{Y}x{Z}";
}
