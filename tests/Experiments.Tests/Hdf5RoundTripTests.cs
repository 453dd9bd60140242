using UNet3D.Lab.Experiments.Data;
using UNet3D.Lab.Experiments.Data.Formats;

namespace UNet3D.Lab.Experiments.Tests;

public sealed class Hdf5RoundTripTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "unet3d-lab-tests", "hdf5-round-trip-" + Guid.NewGuid().ToString("N"));

    public Hdf5RoundTripTests() => Directory.CreateDirectory(folder);

    public void Dispose()
    {
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }

    public static TheoryData<VolumeDataType, int> TypesAndChannels { get; } = new()
    {
        { VolumeDataType.UInt8, 1 },
        { VolumeDataType.Int16, 1 },
        { VolumeDataType.UInt16, 1 },
        { VolumeDataType.UInt16, 3 },
        { VolumeDataType.Int32, 1 },
        { VolumeDataType.Float32, 1 },
        { VolumeDataType.Float32, 2 },
        { VolumeDataType.Float64, 1 },
    };

    [Theory]
    [MemberData(nameof(TypesAndChannels))]
    public void Raw_and_label_come_back_exactly(VolumeDataType type, int channels)
    {
        var values = FixtureValues.Compute(type.Name(), channels);
        var shape = new VolumeShape(4, 5, 6);
        var raw = new VolumeFile(shape, channels, values, (1.76, 0.3, 2.04), SpatialUnit.Micron, type.Name(), VolumeFormat.Hdf5);
        var label = new VolumeFile(shape, 1, FixtureValues.Labels(), raw.Spacing, SpatialUnit.Micron, "uint8", VolumeFormat.Hdf5);
        var path = Path.Combine(folder, $"{type}_{channels}.h5");

        Hdf5VolumeWriter.Write(path, raw, type, label);
        var (rawRead, labelRead) = Hdf5VolumeReader.Read(path);

        Assert.Equal(shape, rawRead.Shape);
        Assert.Equal(channels, rawRead.Channels);
        Assert.Equal(type.Name(), rawRead.SourceType);
        Assert.Equal(values, rawRead.Data);
        Assert.Equal((1.76, 0.3, 2.04), rawRead.Spacing);
        Assert.NotNull(labelRead);
        Assert.Equal("uint8", labelRead.SourceType);
        Assert.Equal(label.Data, labelRead.Data);
        Assert.False(File.Exists(path + ".partial"));
    }

    [Theory]
    [InlineData(SpatialUnit.Micron, 0.9, 2.2)]
    [InlineData(SpatialUnit.Millimeter, 900, 2200)]
    [InlineData(SpatialUnit.Meter, 900_000, 2_200_000)]
    public void Element_size_um_is_in_micrometres_whatever_the_volumes_unit(SpatialUnit unit, double xy, double z)
    {
        var path = Path.Combine(folder, "unit.h5");
        Hdf5VolumeWriter.Write(path, new VolumeFile(new VolumeShape(2, 2, 3), 1, new float[12], (0.9, 0.9, 2.2), unit, "uint8", VolumeFormat.Hdf5), VolumeDataType.UInt8);
        var read = Hdf5VolumeReader.Read(path).Raw;
        Assert.Equal(SpatialUnit.Micron, read.Unit);
        Assert.Equal(xy, read.Spacing.X, xy * 1e-12);
        Assert.Equal(z, read.Spacing.Z, z * 1e-12);
    }

    [Fact]
    public void A_volume_of_unknown_unit_gets_no_element_size_um()
    {
        var path = Path.Combine(folder, "uncalibrated.h5");
        Hdf5VolumeWriter.Write(path, new VolumeFile(new VolumeShape(2, 2, 3), 1, new float[12], (0.5, 0.75, 2), SpatialUnit.Unknown, "uint8", VolumeFormat.Hdf5), VolumeDataType.UInt8);
        var read = Hdf5VolumeReader.Read(path).Raw;
        Assert.Equal(SpatialUnit.Unknown, read.Unit);
        Assert.Equal((1.0, 1.0, 1.0), read.Spacing);
    }

    [Fact]
    public void Float_values_that_are_not_dyadic_come_back_bit_for_bit()
    {
        var values = Enumerable.Range(0, 2 * 3 * 4).Select(i => MathF.Sin(i) * 1e5f + float.Epsilon * i).ToArray();
        var path = Path.Combine(folder, "sines.h5");
        Hdf5VolumeWriter.Write(path, new VolumeFile(new VolumeShape(2, 3, 4), 1, values, (1, 1, 1), SpatialUnit.Micron, "float32", VolumeFormat.Hdf5), VolumeDataType.Float32);
        Assert.Equal(values, Hdf5VolumeReader.Read(path).Raw.Data);
        Assert.Null(Hdf5VolumeReader.Read(path).Label);
    }

    [Fact]
    public void A_value_that_does_not_fit_is_named_with_its_dataset_and_no_file_is_left()
    {
        var shape = new VolumeShape(2, 2, 3);
        var raw = new VolumeFile(shape, 1, new float[12], (1, 1, 1), SpatialUnit.Micron, "float32", VolumeFormat.Hdf5);
        var labels = new float[12];
        labels[raw.Index(0, 1, 1, 0)] = -1;
        var path = Path.Combine(folder, "labels.h5");
        var error = Assert.Throws<ArgumentException>(() =>
            Hdf5VolumeWriter.Write(path, raw, VolumeDataType.Float32, new VolumeFile(shape, 1, labels, (1, 1, 1), SpatialUnit.Micron, "uint8", VolumeFormat.Hdf5)));
        Assert.Contains("labels.h5 (label): voxel (x=0, y=1, z=1, channel 0) = -1 does not fit uint8", error.Message);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void A_label_of_another_shape_is_refused()
    {
        var raw = new VolumeFile(new VolumeShape(2, 2, 3), 1, new float[12], (1, 1, 1), SpatialUnit.Micron, "float32", VolumeFormat.Hdf5);
        var label = new VolumeFile(new VolumeShape(2, 3, 2), 1, new float[12], (1, 1, 1), SpatialUnit.Micron, "uint8", VolumeFormat.Hdf5);
        var error = Assert.Throws<ArgumentException>(() => Hdf5VolumeWriter.Write(Path.Combine(folder, "mismatch.h5"), raw, VolumeDataType.Float32, label));
        Assert.Contains("one channel of raw's 3x2x2 voxels", error.Message);
    }
}
