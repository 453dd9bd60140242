using UNet3D.Lab.Experiments.Data;
using UNet3D.Lab.Experiments.Data.Formats;

namespace UNet3D.Lab.Experiments.Tests;

/// <summary>
/// Files written by h5py in pytorch-3dunet's layout (Fixtures/hdf5/make_fixtures.py): our reader must agree with an
/// implementation that is not ours, voxel by voxel (against <see cref="FixtureValues"/>) and in spacing.
/// </summary>
public sealed class Hdf5IndependentFilesTests
{
    private static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures", "hdf5");

    private static readonly string[] Readable =
        ["uint16_zyx_label.h5", "float32_czyx_label.h5", "uint8_zyx.h5", "int16_bigendian_zyx.h5", "int32_zyx.h5", "float64_zyx.h5"];

    private static readonly string[] Broken =
        ["no_raw.h5", "huge_raw.h5", "rank2_raw.h5", "lzf_raw.h5", "label_shape_mismatch.h5", "bad_element_size.h5", "nan_raw.h5", "complex_raw.h5"];

    [Fact]
    public void Every_fixture_is_tested()
    {
        var present = Directory.GetFiles(Fixtures, "*.h5").Select(Path.GetFileName).Order();
        Assert.Equal(Readable.Concat(Broken).Order(), present);
    }

    [Theory]
    [InlineData("uint16_zyx_label.h5", "uint16", 1, true)]
    [InlineData("float32_czyx_label.h5", "float32", 2, true)]
    [InlineData("uint8_zyx.h5", "uint8", 1, false)]
    [InlineData("int16_bigendian_zyx.h5", "int16", 1, false)]
    [InlineData("int32_zyx.h5", "int32", 1, false)]
    [InlineData("float64_zyx.h5", "float64", 1, false)]
    public void Raw_voxels_channels_spacing_and_label(string fixture, string type, int channels, bool hasLabel)
    {
        var (raw, label) = Hdf5VolumeReader.Read(Path.Combine(Fixtures, fixture));

        Assert.Equal(new VolumeShape(FixtureValues.Z, FixtureValues.Y, FixtureValues.X), raw.Shape);
        Assert.Equal(channels, raw.Channels);
        Assert.Equal(type, raw.SourceType);
        Assert.Equal(VolumeFormat.Hdf5, raw.Format);
        Assert.Equal(FixtureValues.Compute(type, channels), raw.Data);
        // element_size_um is (z, y, x) = (2, 0.25, 0.5); uint8_zyx.h5 has none.
        Assert.Equal(type == "uint8" ? (1.0, 1.0, 1.0) : (0.5, 0.25, 2.0), raw.Spacing);
        Assert.Equal(type == "uint8" ? SpatialUnit.Unknown : SpatialUnit.Micron, raw.Unit);

        Assert.Equal(hasLabel, label is not null);
        if (label is null) return;
        Assert.Equal(raw.Shape, label.Shape);
        Assert.Equal(1, label.Channels);
        Assert.Equal("uint8", label.SourceType);
        Assert.Equal(FixtureValues.Labels(), label.Data);
        Assert.Equal(raw.Spacing, label.Spacing);
        Assert.Equal(raw.Unit, label.Unit);
    }

    [Fact]
    public void The_label_alone_takes_raws_spacing()
    {
        var label = Hdf5VolumeReader.ReadLabel(Path.Combine(Fixtures, "float32_czyx_label.h5"));
        Assert.NotNull(label);
        Assert.Equal(FixtureValues.Labels(), label.Data);
        Assert.Equal((0.5, 0.25, 2.0), label.Spacing);
        Assert.Null(Hdf5VolumeReader.ReadLabel(Path.Combine(Fixtures, "uint8_zyx.h5")));
    }

    [Fact]
    public void Skipping_the_label_reads_raw_only()
    {
        var volume = Hdf5VolumeReader.Read(Path.Combine(Fixtures, "uint16_zyx_label.h5"), includeLabel: false);
        Assert.Null(volume.Label);
        Assert.Equal(FixtureValues.Compute("uint16", 1), volume.Raw.Data);
    }
}
