namespace UNet3D.Lab.Experiments.Data.Formats;

/// <summary>What a volume file's header claims, read before any voxel memory is allocated where the format allows.</summary>
/// <param name="DataType">The stored voxel type as the format names it ("Float32" for NIfTI, "uint8" for TIFF and HDF5).</param>
public sealed record VolumeFileHeader(int X, int Y, int Z, int Channels, string DataType)
{
    public long Values => (long)X * Y * Z * Channels;

    public string ShapeText => $"{X}x{Y}x{Z}";
}
