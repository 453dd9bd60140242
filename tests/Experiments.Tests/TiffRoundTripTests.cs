using UNet3D.Lab.Experiments.Data;
using UNet3D.Lab.Experiments.Data.Formats;

namespace UNet3D.Lab.Experiments.Tests;

public sealed class TiffRoundTripTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "unet3d-lab-tests", "tiff-round-trip-" + Guid.NewGuid().ToString("N"));

    public TiffRoundTripTests() => Directory.CreateDirectory(folder);

    public void Dispose()
    {
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }

    [Theory]
    [InlineData(VolumeDataType.UInt8, 1)]
    [InlineData(VolumeDataType.UInt8, 3)]
    [InlineData(VolumeDataType.UInt16, 1)]
    [InlineData(VolumeDataType.UInt16, 2)]
    [InlineData(VolumeDataType.Float32, 1)]
    [InlineData(VolumeDataType.Float32, 3)]
    public void Values_shape_channels_and_spacing_come_back(VolumeDataType type, int channels)
    {
        var values = FixtureValues.Compute(type.Name(), channels);
        var written = new VolumeFile(new VolumeShape(4, 5, 6), channels, values, (1.76, 0.3, 2.04), SpatialUnit.Micron, type.Name(), VolumeFormat.Tiff);
        var path = Path.Combine(folder, $"{type}_{channels}.tif");

        TiffStackWriter.Write(path, written, type);
        var read = TiffStackReader.Read(path);

        Assert.Equal(written.Shape, read.Shape);
        Assert.Equal(channels, read.Channels);
        Assert.Equal(type.Name(), read.SourceType);
        Assert.Equal(values, read.Data);
        // XResolution reaches us as a float; the reader keeps its 7 significant digits, which these spacings fit.
        Assert.Equal((1.76, 0.3, 2.04), read.Spacing);
        Assert.Equal(SpatialUnit.Micron, read.Unit);
        Assert.False(File.Exists(path + ".partial"));
    }

    [Theory]
    [InlineData(SpatialUnit.Micron)]
    [InlineData(SpatialUnit.Millimeter)]
    [InlineData(SpatialUnit.Meter)]
    public void The_unit_comes_back_with_the_numbers_as_written(SpatialUnit unit)
    {
        var path = Path.Combine(folder, "unit.tif");
        TiffStackWriter.Write(path, new VolumeFile(new VolumeShape(2, 2, 3), 1, new float[12], (0.9, 0.9, 2.2), unit, "uint8", VolumeFormat.Tiff), VolumeDataType.UInt8);
        var read = TiffStackReader.Read(path);
        Assert.Equal(unit, read.Unit);
        Assert.Equal((0.9, 0.9, 2.2), read.Spacing);
    }

    [Fact]
    public void A_volume_of_unknown_unit_is_written_uncalibrated()
    {
        var path = Path.Combine(folder, "uncalibrated.tif");
        TiffStackWriter.Write(path, new VolumeFile(new VolumeShape(2, 2, 3), 1, new float[12], (0.5, 0.75, 2), SpatialUnit.Unknown, "uint8", VolumeFormat.Tiff), VolumeDataType.UInt8);
        var read = TiffStackReader.Read(path);
        Assert.Equal(SpatialUnit.Unknown, read.Unit);
        Assert.Equal((1.0, 1.0, 1.0), read.Spacing);
    }

    [Fact]
    public void Float_values_that_are_not_dyadic_come_back_bit_for_bit()
    {
        var values = Enumerable.Range(0, 2 * 3 * 4).Select(i => MathF.Sin(i) * 1e5f + float.Epsilon * i).ToArray();
        var path = Path.Combine(folder, "sines.tif");
        TiffStackWriter.Write(path, new VolumeFile(new VolumeShape(2, 3, 4), 1, values, (1, 1, 1), SpatialUnit.Micron, "float32", VolumeFormat.Tiff), VolumeDataType.Float32);
        Assert.Equal(values, TiffStackReader.Read(path).Data);
    }

    [Fact]
    public void Label_maps_go_in_as_uint8()
    {
        var labels = FixtureValues.Labels();
        var path = Path.Combine(folder, "labels.tif");
        TiffStackWriter.Write(path, new VolumeFile(new VolumeShape(4, 5, 6), 1, labels, (0.5, 0.5, 1), SpatialUnit.Micron, "uint8", VolumeFormat.Tiff), VolumeDataType.UInt8);
        var read = TiffStackReader.Read(path);
        Assert.Equal(labels, read.Data);
        Assert.Equal("uint8", read.SourceType);
    }

    [Theory]
    [InlineData(VolumeDataType.Int16)]
    [InlineData(VolumeDataType.Int32)]
    [InlineData(VolumeDataType.Float64)]
    public void Types_imagej_lacks_are_refused(VolumeDataType type)
    {
        var path = Path.Combine(folder, "refused.tif");
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => TiffStackWriter.Write(path, Small(), type));
        Assert.Contains("uint8, uint16 or float32", error.Message);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void A_value_that_does_not_fit_is_named_and_no_file_is_left()
    {
        var volume = Small();
        volume.Data[volume.Index(0, 1, 0, 2)] = 256;
        var path = Path.Combine(folder, "overflow.tif");
        var error = Assert.Throws<ArgumentException>(() => TiffStackWriter.Write(path, volume, VolumeDataType.UInt8));
        Assert.Contains("overflow.tif: voxel (x=2, y=0, z=1, channel 0) = 256 does not fit uint8", error.Message);
        Assert.False(File.Exists(path));
        Assert.False(File.Exists(path + ".partial"));
    }

    [Theory]
    [InlineData(2.0)]
    [InlineData(1 / 1.76)]
    [InlineData(1 / 0.3)]
    [InlineData(1 / 0.123456789)]
    [InlineData(1234.5678)]
    [InlineData(1e-9)]
    public void Resolutions_are_written_as_the_nearest_32_bit_fraction(double pixelsPerMicrometre)
    {
        var (numerator, denominator) = TiffStackWriter.BestRational(pixelsPerMicrometre);
        Assert.Equal(pixelsPerMicrometre, (double)numerator / denominator, pixelsPerMicrometre * 1e-9);
    }

    private static VolumeFile Small() =>
        new(new VolumeShape(2, 2, 3), 1, Enumerable.Range(0, 12).Select(i => (float)i).ToArray(), (1, 1, 1), SpatialUnit.Micron, "float32", VolumeFormat.Tiff);
}
