using UNet3D.Lab.Experiments.Data.Formats;
using UNet3D.Lab.Tests.Shared;

namespace UNet3D.Lab.Experiments.Tests;

/// <summary>
/// Outputs written on an input's grid (<see cref="NiftiImage.WithVoxels"/>, as predictions are) read by nibabel
/// (Fixtures/nifti/geometry.py): the inputs are nibabel's own, with unknown, mm, µm and m units, axis-aligned or
/// oblique, and every output must show nibabel the input's units, transforms with their codes, affine and zooms.
/// </summary>
public sealed class NiftiOutputsReadByNibabelTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "unet3d-lab-tests", "nifti-geometry-" + Guid.NewGuid().ToString("N"));

    public NiftiOutputsReadByNibabelTests() => Directory.CreateDirectory(folder);

    public void Dispose()
    {
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }

    [PythonModulesTheory("nibabel", "numpy")]
    [InlineData("unknown", "diagonal", SpatialUnit.Unknown)]
    [InlineData("unknown", "oblique", SpatialUnit.Unknown)]
    [InlineData("mm", "diagonal", SpatialUnit.Millimeter)]
    [InlineData("mm", "oblique", SpatialUnit.Millimeter)]
    [InlineData("micron", "diagonal", SpatialUnit.Micron)]
    [InlineData("micron", "oblique", SpatialUnit.Micron)]
    [InlineData("meter", "oblique", SpatialUnit.Meter)]
    public void Labels_and_probabilities_keep_the_inputs_units_transforms_and_zooms(string units, string orientation, SpatialUnit unit)
    {
        var inputPath = Path.Combine(folder, $"{units}-{orientation}.nii.gz");
        var input = NibabelGeometry.Make(inputPath, units, orientation, 5, 4, 3, 2);
        var image = NiftiReader.Read(inputPath);
        Assert.Equal(unit, image.Unit);
        // The numbers as nibabel wrote them: no conversion on reading.
        var zooms = input.GetProperty("zooms").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.Equal(zooms[..3], new[] { image.Spacing.X, image.Spacing.Y, image.Spacing.Z });

        var labelsPath = Path.Combine(folder, "labels.nii.gz");
        var probabilitiesPath = Path.Combine(folder, "probabilities.nii");
        var voxels = (int)image.VoxelsPerChannel;
        NiftiWriter.Write(labelsPath, image.WithVoxels(1, [.. Enumerable.Range(0, voxels).Select(i => (float)(i % 3))], NiftiDataType.UInt8, "labels"), NiftiDataType.UInt8);
        NiftiWriter.Write(probabilitiesPath, image.WithVoxels(3, new float[3 * voxels], NiftiDataType.Float32, "probabilities"), NiftiDataType.Float32);

        var seen = NibabelGeometry.Describe(inputPath, labelsPath, probabilitiesPath);
        NibabelGeometry.AssertSameGeometry(seen[0], seen[1]);
        NibabelGeometry.AssertSameGeometry(seen[0], seen[2]);
        Assert.Equal([5, 4, 3], seen[1].GetProperty("shape").EnumerateArray().Select(v => v.GetInt32()));
        Assert.Equal("uint8", seen[1].GetProperty("dtype").GetString());
        Assert.Equal([5, 4, 3, 3], seen[2].GetProperty("shape").EnumerateArray().Select(v => v.GetInt32()));
        Assert.Equal("float32", seen[2].GetProperty("dtype").GetString());
    }

    [PythonModulesTheory("nibabel", "numpy")]
    [InlineData(SpatialUnit.Unknown, "unknown")]
    [InlineData(SpatialUnit.Millimeter, "mm")]
    [InlineData(SpatialUnit.Micron, "micron")]
    public void An_image_made_here_declares_its_unit_to_nibabel(SpatialUnit unit, string expected)
    {
        var path = Path.Combine(folder, "made.nii");
        NiftiWriter.Write(path, new NiftiImage(3, 2, 2, 1, new float[12], (1.76, 1.76, 2.04), unit), NiftiDataType.UInt8);

        var seen = NibabelGeometry.Describe(path)[0];

        Assert.Equal(expected, seen.GetProperty("xyzt_units")[0].GetString());
        Assert.Equal(2.04, seen.GetProperty("zooms")[2].GetDouble(), 6);
    }
}
