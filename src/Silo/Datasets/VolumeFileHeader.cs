namespace UNet3D.Lab.Silo.Datasets;

/// <summary>What a volume file's header claims, read before any voxel memory is allocated.</summary>
public sealed record VolumeFileHeader(int X, int Y, int Z, int Channels, string DataType)
{
    public long Values => (long)X * Y * Z * Channels;

    public string ShapeText => $"{X}x{Y}x{Z}";
}
