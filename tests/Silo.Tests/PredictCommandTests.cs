using UNet3D.Lab.Experiments.Data;
using UNet3D.Lab.Tests.Shared;
using UNet3D.Lab.Experiments.Data.Formats;

namespace UNet3D.Lab.Silo.Tests;

public sealed class PredictCommandTests : IDisposable
{
    private readonly TemporaryDirectory folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task Trained_checkpoint_segments_a_nifti_volume_keeping_its_geometry()
    {
        var checkpoint = Path.Combine(folder.Path, "smoke.ckpt");
        Assert.Equal(0, (await CommandLineRun.InvokeAsync("train", "--preset", "smoke", "--iterations", "3", "--checkpoint", checkpoint)).ExitCode);

        var volume = SyntheticTubuleVolume.Generate("S", new VolumeShape(9, 21, 30), seed: 4);
        double[,] affine = { { 0, -1.76, 0, 10 }, { 1.76, 0, 0, -5 }, { 0, 0, 2.04, 3 }, { 0, 0, 0, 1 } };
        var input = Path.Combine(folder.Path, "image.nii.gz");
        NiftiWriter.Write(input, new NiftiImage(30, 21, 9, 3, volume.Image, (1.76, 1.76, 2.04), SpatialUnit.Micron, affine), NiftiDataType.Float32);

        var labelsPath = Path.Combine(folder.Path, "labels.nii.gz");
        var probabilitiesPath = Path.Combine(folder.Path, "probabilities.nii");
        var predict = await CommandLineRun.InvokeAsync("predict", "--checkpoint", checkpoint, "--input", input, "--output", labelsPath, "--probabilities", probabilitiesPath);
        Assert.Equal(0, predict.ExitCode);

        var labels = NiftiReader.Read(labelsPath);
        Assert.Equal((30, 21, 9, 1), (labels.X, labels.Y, labels.Z, labels.Channels));
        Assert.Equal(NiftiDataType.UInt8, labels.SourceType);
        Assert.All(labels.Data, v => Assert.Contains(v, new[] { 0f, 1f, 2f }));
        for (var r = 0; r < 4; r++)
            for (var c = 0; c < 4; c++)
                Assert.Equal(affine[r, c], labels.Affine[r, c], 4);
        Assert.Equal(SpatialUnit.Micron, labels.Unit);
        Assert.Equal((1.76, 1.76, 2.04), (Math.Round(labels.Spacing.X, 5), Math.Round(labels.Spacing.Y, 5), Math.Round(labels.Spacing.Z, 5)));

        var probabilities = NiftiReader.Read(probabilitiesPath);
        Assert.Equal(3, probabilities.Channels);
        var voxels = (int)probabilities.VoxelsPerChannel;
        for (var i = 0; i < voxels; i += 97)
        {
            var sum = probabilities.Data[i] + probabilities.Data[voxels + i] + probabilities.Data[2 * voxels + i];
            Assert.Equal(1f, sum, 4);
            var best = new[] { 0, 1, 2 }.MaxBy(c => probabilities.Data[c * voxels + i]);
            Assert.Equal(best, labels.Data[i]);
        }
        Assert.Contains("labels written to", predict.Output);
    }

    [PythonModulesFact("nibabel", "numpy")]
    public async Task Predictions_keep_the_inputs_units_transforms_and_zooms_as_nibabel_reads_them()
    {
        var checkpoint = Path.Combine(folder.Path, "smoke.ckpt");
        Assert.Equal(0, (await CommandLineRun.InvokeAsync("train", "--preset", "smoke", "--iterations", "1", "--checkpoint", checkpoint)).ExitCode);

        // Inputs made by nibabel: its default (no unit, sform code 2, no qform), mm with seconds and µm, both oblique.
        foreach (var (units, orientation) in new[] { ("unknown", "diagonal"), ("mm", "oblique"), ("micron", "oblique") })
        {
            var input = Path.Combine(folder.Path, $"{units}.nii.gz");
            NibabelGeometry.Make(input, units, orientation, 30, 21, 9, 3);
            var labels = Path.Combine(folder.Path, $"{units}_labels.nii.gz");
            var probabilities = Path.Combine(folder.Path, $"{units}_probabilities.nii.gz");
            Assert.Equal(0, (await CommandLineRun.InvokeAsync("predict", "--checkpoint", checkpoint, "--input", input, "--output", labels, "--probabilities", probabilities)).ExitCode);

            var seen = NibabelGeometry.Describe(input, labels, probabilities);
            NibabelGeometry.AssertSameGeometry(seen[0], seen[1]);
            NibabelGeometry.AssertSameGeometry(seen[0], seen[2]);
            Assert.Equal("uint8", seen[1].GetProperty("dtype").GetString());
            Assert.Equal([30, 21, 9, 3], seen[2].GetProperty("shape").EnumerateArray().Select(v => v.GetInt32()));
        }
    }

    [Fact]
    public async Task A_tiff_stack_is_segmented_into_an_hdf5_label_map_and_an_unknown_output_extension_is_refused()
    {
        var checkpoint = Path.Combine(folder.Path, "smoke.ckpt");
        await CommandLineRun.InvokeAsync("train", "--preset", "smoke", "--iterations", "1", "--checkpoint", checkpoint);
        var volume = SyntheticTubuleVolume.Generate("S", new VolumeShape(9, 21, 30), seed: 4);
        var input = Path.Combine(folder.Path, "stack.tif");
        VolumeFormats.Write(input, new VolumeFile(volume.Shape, 3, volume.Image, (1.76, 1.76, 2.04), SpatialUnit.Micron, "float32", VolumeFormat.Tiff),
            VolumeDataType.Float32);

        var output = Path.Combine(folder.Path, "labels.h5");
        var run = await CommandLineRun.InvokeAsync("predict", "--checkpoint", checkpoint, "--input", input, "--output", output);
        Assert.True(run.ExitCode == 0, run.Error);
        var labels = VolumeFormats.Read(output);
        Assert.Equal((VolumeFormat.Hdf5, volume.Shape, 1, "uint8"), (labels.Format, labels.Shape, labels.Channels, labels.SourceType));
        Assert.All(labels.Data, v => Assert.Contains(v, new[] { 0f, 1f, 2f }));
        Assert.Equal((1.76, 1.76, 2.04), (Math.Round(labels.Spacing.X, 5), Math.Round(labels.Spacing.Y, 5), Math.Round(labels.Spacing.Z, 5)));

        var refused = (await CommandLineRun.InvokeAsync("predict", "--checkpoint", checkpoint, "--input", input, "--output", Path.Combine(folder.Path, "labels.png"))).SingleErrorLine();
        Assert.StartsWith("error: labels.png: the extension '.png' is not a volume format", refused);
    }

    [Fact]
    public async Task Volume_with_the_wrong_channel_count_is_refused_naming_the_file()
    {
        var checkpoint = Path.Combine(folder.Path, "smoke.ckpt");
        await CommandLineRun.InvokeAsync("train", "--preset", "smoke", "--iterations", "1", "--checkpoint", checkpoint);
        var input = Path.Combine(folder.Path, "gray.nii");
        NiftiWriter.Write(input, new NiftiImage(8, 8, 8, 1, new float[512], (1, 1, 1), SpatialUnit.Micron), NiftiDataType.Float32);

        var error = (await CommandLineRun.InvokeAsync("predict", "--checkpoint", checkpoint, "--input", input, "--output", Path.Combine(folder.Path, "out.nii"))).SingleErrorLine();
        Assert.Contains("gray.nii", error);
        Assert.Contains("1 channel", error);
        Assert.False(File.Exists(Path.Combine(folder.Path, "out.nii")));
    }
}
