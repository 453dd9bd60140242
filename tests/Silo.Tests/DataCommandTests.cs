using UNet3D.Lab.Experiments.Data.Formats;
using UNet3D.Lab.Tests.Shared;

namespace UNet3D.Lab.Silo.Tests;

public sealed class DataCommandTests : IDisposable
{
    private readonly TemporaryDirectory folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task Inspect_prints_shape_type_spacing_statistics_and_label_histogram()
    {
        var path = Path.Combine(folder.Path, "labels.nii.gz");
        float[] labels = [0, 1, 1, 2, 2, 2, 3, 3, 3, 3, 2, 1];
        NiftiWriter.Write(path, new NiftiImage(3, 2, 2, 1, labels, (1.76, 1.76, 2.04), SpatialUnit.Micron), NiftiDataType.UInt8);

        var run = await CommandLineRun.InvokeAsync("data", "inspect", path);
        Assert.Equal(0, run.ExitCode);
        var text = run.Output;
        Assert.Contains("shape: 3x2x2 (x×y×z), 1 channel(s)", text);
        Assert.Contains("data type: UInt8", text);
        Assert.Contains("spacing: 1.76 x 1.76 x 2.04 µm", text);
        Assert.Contains("channel 0: min 0 max 3 mean 1.91667", text);
        Assert.Contains("label histogram: 0: 1, 1: 3, 2: 4, 3: 4", text);
    }

    [PythonModulesFact("nibabel", "numpy")]
    public async Task Inspect_shows_spacing_in_the_files_own_unit_never_converted()
    {
        // Made by nibabel like its example4d.nii.gz: mm and seconds, 2 × 2 × 2.2, oblique qform and sform.
        var millimetres = Path.Combine(folder.Path, "example4d-like.nii.gz");
        NibabelGeometry.Make(millimetres, "mm", "oblique", 4, 3, 2, 2);
        var output = (await CommandLineRun.InvokeAsync("data", "inspect", millimetres)).Output;
        Assert.Contains("spacing: 2 x 2 x 2.2 mm\n", output.ReplaceLineEndings("\n"));

        // nibabel's default: no unit. The numbers stay, and so does the fact that nobody said what they mean.
        var unknown = Path.Combine(folder.Path, "plain.nii");
        NibabelGeometry.Make(unknown, "unknown", "diagonal", 4, 3, 2, 1);
        var plain = (await CommandLineRun.InvokeAsync("data", "inspect", unknown)).Output;
        Assert.Contains("spacing: 0.5 x 0.75 x 2 (unit unknown)", plain);
    }

    [Fact]
    public async Task Phantom_is_written_as_nifti_images_and_label_maps_that_read_back_exactly()
    {
        Assert.Equal(0, (await CommandLineRun.InvokeAsync("data", "phantom", "--out", folder.Path, "--variant", "cpu", "--seed", "2")).ExitCode);
        var expected = Experiments.Data.XenopusPhantom.GenerateSample(2, Experiments.Data.PhantomVariant.Cpu, seed: 2);
        var image = NiftiReader.Read(Path.Combine(folder.Path, "S3_image.nii.gz"));
        var labels = NiftiReader.Read(Path.Combine(folder.Path, "S3_labels.nii.gz"));
        Assert.Equal((expected.Shape.X, expected.Shape.Y, expected.Shape.Z, 3), (image.X, image.Y, image.Z, image.Channels));
        Assert.Equal(expected.Image, image.Data);
        Assert.Equal(expected.Labels.Select(l => (float)l), labels.Data);
        Assert.Equal(2.04, labels.Spacing.Z, 5);
        Assert.Equal(SpatialUnit.Micron, labels.Unit);
    }

    [Fact]
    public async Task Inspect_of_a_broken_file_names_it()
    {
        var path = Path.Combine(folder.Path, "broken.nii");
        File.WriteAllBytes(path, new byte[100]);
        var error = (await CommandLineRun.InvokeAsync("data", "inspect", path)).SingleErrorLine();
        Assert.Contains("broken.nii", error);
    }
}
