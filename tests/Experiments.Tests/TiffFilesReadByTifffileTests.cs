using System.Runtime.InteropServices;
using System.Security.Cryptography;
using UNet3D.Lab.Experiments.Data;
using UNet3D.Lab.Experiments.Data.Formats;

namespace UNet3D.Lab.Experiments.Tests;

/// <summary>
/// Stacks from <see cref="TiffStackWriter"/> read by tifffile (Fixtures/tiff/describe.py), the reader Python users
/// and Fiji's file format agree on: it must see an ImageJ hyperstack with our shape, type, values and voxel size.
/// </summary>
public sealed class TiffFilesReadByTifffileTests : IDisposable
{
    private static readonly string Script = Path.Combine(AppContext.BaseDirectory, "Fixtures", "tiff", "describe.py");
    private readonly string folder = Path.Combine(Path.GetTempPath(), "unet3d-lab-tests", "tiff-tifffile-" + Guid.NewGuid().ToString("N"));

    public TiffFilesReadByTifffileTests() => Directory.CreateDirectory(folder);

    public void Dispose()
    {
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }

    [PythonModulesTheory("tifffile", "numpy")]
    [InlineData(VolumeDataType.UInt8, 1)]
    [InlineData(VolumeDataType.UInt8, 2)]
    [InlineData(VolumeDataType.UInt16, 1)]
    [InlineData(VolumeDataType.UInt16, 2)]
    [InlineData(VolumeDataType.Float32, 1)]
    [InlineData(VolumeDataType.Float32, 3)]
    public void Tifffile_sees_our_hyperstack(VolumeDataType type, int channels)
    {
        var values = FixtureValues.Compute(type.Name(), channels);
        var path = Path.Combine(folder, $"{type}.tif");
        TiffStackWriter.Write(path, new VolumeFile(new VolumeShape(4, 5, 6), channels, values, (1.76, 0.3, 2.04), type.Name(), VolumeFormat.Tiff), type);

        var seen = PythonTool.RunJson(Script, path);

        Assert.True(seen.GetProperty("is_imagej").GetBoolean());
        Assert.Equal(4 * channels, seen.GetProperty("pages").GetInt32());
        Assert.Equal([channels, 4, 5, 6], seen.GetProperty("shape").EnumerateArray().Select(v => v.GetInt32()));
        Assert.Equal(type.Name(), seen.GetProperty("dtype").GetString());
        Assert.Equal(channels, seen.GetProperty("channels").GetInt32());
        Assert.Equal(4, seen.GetProperty("slices").GetInt32());
        Assert.Equal("micron", seen.GetProperty("unit").GetString());
        var spacing = seen.GetProperty("spacing").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        // tifffile divides the rational's two integers: the writer's 32-bit fraction keeps about 15 digits.
        Assert.Equal(1.76, spacing[0], 1e-12);
        Assert.Equal(0.3, spacing[1], 1e-12);
        Assert.Equal(2.04, spacing[2]);
        Assert.Equal(Sha256(values, type), seen.GetProperty("sha256").GetString());
    }

    /// <summary>SHA-256 of <paramref name="values"/> stored as <paramref name="type"/>, little-endian, in order.</summary>
    internal static string Sha256(float[] values, VolumeDataType type)
    {
        byte[] bytes = type switch
        {
            VolumeDataType.UInt8 => values.Select(v => (byte)v).ToArray(),
            VolumeDataType.Int16 => MemoryMarshal.AsBytes(values.Select(v => (short)v).ToArray().AsSpan()).ToArray(),
            VolumeDataType.UInt16 => MemoryMarshal.AsBytes(values.Select(v => (ushort)v).ToArray().AsSpan()).ToArray(),
            VolumeDataType.Int32 => MemoryMarshal.AsBytes(values.Select(v => (int)v).ToArray().AsSpan()).ToArray(),
            VolumeDataType.Float32 => MemoryMarshal.AsBytes(values.AsSpan()).ToArray(),
            _ => MemoryMarshal.AsBytes(values.Select(v => (double)v).ToArray().AsSpan()).ToArray(),
        };
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }
}
