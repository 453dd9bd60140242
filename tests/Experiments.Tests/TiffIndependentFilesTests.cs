using UNet3D.Lab.Experiments.Data;
using UNet3D.Lab.Experiments.Data.Formats;

namespace UNet3D.Lab.Experiments.Tests;

/// <summary>
/// Stacks written by tifffile (Fixtures/tiff/make_fixtures.py): our reader must agree with an implementation that is
/// not ours, voxel by voxel (against the fixture formulas in <see cref="FixtureValues"/>) and in spacing.
/// </summary>
public sealed class TiffIndependentFilesTests
{
    private static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures", "tiff");

    private static readonly string[] Readable =
        ["uint8_1ch.tif", "uint16_2ch.tif", "float32_3ch_bigendian_nm.tif", "uint16_plain_deflate.tif", "uint8_rgb_pages.tif"];

    private static readonly string[] Unsupported = ["bilevel_1bit.tif", "float16.tif"];

    [Fact]
    public void Every_fixture_is_tested()
    {
        var present = Directory.GetFiles(Fixtures, "*.tif").Select(Path.GetFileName).Order();
        Assert.Equal(Readable.Concat(Unsupported).Order(), present);
    }

    [Theory]
    [InlineData("uint8_1ch.tif", "uint8", 1)]
    [InlineData("uint16_2ch.tif", "uint16", 2)]
    [InlineData("float32_3ch_bigendian_nm.tif", "float32", 3)]
    public void ImageJ_hyperstack_voxels_channels_and_spacing(string fixture, string type, int channels)
    {
        var volume = TiffStackReader.Read(Path.Combine(Fixtures, fixture));

        Assert.Equal(new VolumeShape(FixtureValues.Z, FixtureValues.Y, FixtureValues.X), volume.Shape);
        Assert.Equal(channels, volume.Channels);
        Assert.Equal(type, volume.SourceType);
        Assert.Equal(VolumeFormat.Tiff, volume.Format);
        Assert.Equal(FixtureValues.Compute(type, channels), volume.Data);
        // x and y come from rationals (tifffile approximates 1/500 nm to 1e-8), z from the description's text.
        Assert.Equal((0.5, 0.25, 2.0), volume.Spacing);
        Assert.Equal(SpatialUnit.Micron, volume.Unit);
    }

    [Fact]
    public void Plain_compressed_stack_one_page_per_slice_with_resolution_in_centimetres()
    {
        var volume = TiffStackReader.Read(Path.Combine(Fixtures, "uint16_plain_deflate.tif"));

        Assert.Equal(new VolumeShape(4, 5, 6), volume.Shape);
        Assert.Equal(1, volume.Channels);
        Assert.Equal(FixtureValues.Compute("uint16", 1), volume.Data);
        // 20000 and 40000 pixels per cm; no z spacing without ImageJ's description.
        Assert.Equal((0.5, 0.25, 1.0), volume.Spacing);
        Assert.Equal(SpatialUnit.Micron, volume.Unit);
    }

    [Fact]
    public void Rgb_pages_give_one_channel_per_sample()
    {
        var volume = TiffStackReader.Read(Path.Combine(Fixtures, "uint8_rgb_pages.tif"));

        Assert.Equal(new VolumeShape(4, 5, 6), volume.Shape);
        Assert.Equal(3, volume.Channels);
        Assert.Equal(FixtureValues.Compute("uint8", 3), volume.Data);
        // ResolutionUnit none and no ImageJ unit: uncalibrated.
        Assert.Equal((1.0, 1.0, 1.0), volume.Spacing);
        Assert.Equal(SpatialUnit.Unknown, volume.Unit);
    }

    [Theory]
    [InlineData("bilevel_1bit.tif", "BitsPerSample = 1 with SampleFormat = 1 (unsigned integer) is not supported")]
    [InlineData("float16.tif", "BitsPerSample = 16 with SampleFormat = 3 (floating point) is not supported")]
    public void Unsupported_sample_types_are_named(string fixture, string expected)
    {
        var error = Assert.Throws<VolumeFormatException>(() => TiffStackReader.Read(Path.Combine(Fixtures, fixture)));
        Assert.StartsWith($"{fixture}: page 0: ", error.Message);
        Assert.Contains(expected, error.Message);
    }
}
