using UNet3D.Lab.Experiments.Data;
using UNet3D.Lab.Experiments.Data.Formats;
using UNet3D.Lab.Tests.Shared;

namespace UNet3D.Lab.Experiments.Tests;

/// <summary>
/// Files from <see cref="Hdf5VolumeWriter"/> read by h5py (Fixtures/hdf5/describe.py), what pytorch-3dunet loads
/// them with: it must find raw and label with our shapes, types, values and element_size_um.
/// </summary>
public sealed class Hdf5FilesReadByH5pyTests : IDisposable
{
    private static readonly string Script = Path.Combine(AppContext.BaseDirectory, "Fixtures", "hdf5", "describe.py");
    private readonly string folder = Path.Combine(Path.GetTempPath(), "unet3d-lab-tests", "hdf5-h5py-" + Guid.NewGuid().ToString("N"));

    public Hdf5FilesReadByH5pyTests() => Directory.CreateDirectory(folder);

    public void Dispose()
    {
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }

    [PythonModulesTheory("h5py", "numpy")]
    [InlineData(VolumeDataType.UInt8, 1)]
    [InlineData(VolumeDataType.Int16, 1)]
    [InlineData(VolumeDataType.UInt16, 1)]
    [InlineData(VolumeDataType.Int32, 1)]
    [InlineData(VolumeDataType.Float32, 2)]
    [InlineData(VolumeDataType.Float64, 1)]
    public void H5py_sees_raw_and_label(VolumeDataType type, int channels)
    {
        var values = FixtureValues.Compute(type.Name(), channels);
        var shape = new VolumeShape(4, 5, 6);
        var path = Path.Combine(folder, $"{type}.h5");
        Hdf5VolumeWriter.Write(path, new VolumeFile(shape, channels, values, (1.76, 0.3, 2.04), SpatialUnit.Micron, type.Name(), VolumeFormat.Hdf5), type,
            new VolumeFile(shape, 1, FixtureValues.Labels(), (1.76, 0.3, 2.04), SpatialUnit.Micron, "uint8", VolumeFormat.Hdf5));

        var seen = PythonTool.RunJson(Script, path);

        var raw = seen.GetProperty("raw");
        int[] expectedShape = channels == 1 ? [4, 5, 6] : [channels, 4, 5, 6];
        Assert.Equal(expectedShape, raw.GetProperty("shape").EnumerateArray().Select(v => v.GetInt32()));
        Assert.Equal(type.Name(), raw.GetProperty("dtype").GetString());
        Assert.Equal([2.04, 0.3, 1.76], raw.GetProperty("element_size_um").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal(FixtureValues.Sha256(values, type), raw.GetProperty("sha256").GetString());

        var label = seen.GetProperty("label");
        Assert.Equal([4, 5, 6], label.GetProperty("shape").EnumerateArray().Select(v => v.GetInt32()));
        Assert.Equal("uint8", label.GetProperty("dtype").GetString());
        Assert.Equal(FixtureValues.Sha256(FixtureValues.Labels(), VolumeDataType.UInt8), label.GetProperty("sha256").GetString());
    }
}
