using System.Buffers.Binary;
using System.IO.Compression;
using UNet3D.Lab.Experiments.Data.Formats;

namespace UNet3D.Lab.Tests.Shared;

/// <summary>
/// Small NIfTI-1 files as bytes for import tests: valid ones from <see cref="NiftiWriter"/> (uncompressed, so header
/// fields can be patched at nifti1.h's offsets), and the same with a field broken.
/// </summary>
internal static class NiftiTestFiles
{
    // Offsets from nifti1.h (struct nifti_1_header), not from the production code.
    public const int DimOffset = 40;
    public const int MagicOffset = 344;
    public const int VoxelOffset = 352;

    /// <summary>
    /// A float32 image, channel-major (C, Z, Y, X), value i at flat index i unless <paramref name="value"/> says
    /// otherwise; spacing 1.5 × 1.5 × 2.5 µm unless given.
    /// </summary>
    public static byte[] Image(int x, int y, int z, int channels = 1, Func<int, float>? value = null, (double X, double Y, double Z)? spacing = null,
        SpatialUnit unit = SpatialUnit.Micron)
    {
        var data = Enumerable.Range(0, x * y * z * channels).Select(i => value?.Invoke(i) ?? i).ToArray();
        return Write(new NiftiImage(x, y, z, channels, data, spacing ?? (1.5, 1.5, 2.5), unit), NiftiDataType.Float32);
    }

    /// <summary>A uint8 (or <paramref name="type"/>) label map with <paramref name="label"/>(i) at flat index i.</summary>
    public static byte[] Labels(int x, int y, int z, Func<int, float> label, NiftiDataType type = NiftiDataType.UInt8) =>
        Write(new NiftiImage(x, y, z, 1, Enumerable.Range(0, x * y * z).Select(label).ToArray(), (1.5, 1.5, 2.5), SpatialUnit.Micron), type);

    public static byte[] WithDim(byte[] file, int index, short value)
    {
        var copy = (byte[])file.Clone();
        BinaryPrimitives.WriteInt16LittleEndian(copy.AsSpan(DimOffset + 2 * index), value);
        return copy;
    }

    public static byte[] WithMagic(byte[] file, string magic)
    {
        var copy = (byte[])file.Clone();
        System.Text.Encoding.ASCII.GetBytes(magic, copy.AsSpan(MagicOffset, 4));
        return copy;
    }

    public static byte[] Gzip(byte[] bytes)
    {
        using var memory = new MemoryStream();
        using (var gzip = new GZipStream(memory, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(bytes);
        return memory.ToArray();
    }

    private static byte[] Write(NiftiImage image, NiftiDataType type)
    {
        var path = Path.Combine(Path.GetTempPath(), $"nifti-test-{Guid.NewGuid():N}.nii");
        try
        {
            NiftiWriter.Write(path, image, type);
            return File.ReadAllBytes(path);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
