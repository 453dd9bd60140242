using UNet3D.Lab.Experiments.Data;
using UNet3D.Lab.Experiments.Data.Formats;
using UNet3D.Lab.Tests.Shared;

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
        TiffStackWriter.Write(path, new VolumeFile(new VolumeShape(4, 5, 6), channels, values, (1.76, 0.3, 2.04), SpatialUnit.Micron, type.Name(), VolumeFormat.Tiff), type);

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
        Assert.Equal(FixtureValues.Sha256(values, type), seen.GetProperty("sha256").GetString());
    }
}
