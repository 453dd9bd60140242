using System.CommandLine;
using System.Diagnostics;
using UNet3D.Lab.Experiments.Data.Formats;
using UNet3D.Lab.Experiments.Inference;
using UNet3D.Lab.Experiments.Training;

namespace UNet3D.Lab.Silo.Commands;

/// <summary>
/// <c>predict</c>: segments a whole volume with a trained network. Files are read and written in the format their
/// extension names (<see cref="VolumeFormats"/>: NIfTI, TIFF, HDF5). A NIfTI input's channels are in its 4th
/// dimension; a NIfTI label map is uint8 with the input's header geometry copied exactly (pixdim, xyzt_units, qform and
/// sform with their codes), so it overlays the input in any viewer.
/// </summary>
public static class PredictCommand
{
    public static Command Create()
    {
        var checkpoint = SharedOptions.ExistingFile("--checkpoint", "The trained network (train --checkpoint FILE).");
        var input = SharedOptions.ExistingFile("--input", $"The volume to segment ({VolumeFormats.Extensions}); a NIfTI volume's channels in its 4th dimension.");
        var output = new Option<string>("--output") { Description = "Where the uint8 label map goes, in the format its extension names.", HelpName = "FILE", Required = true };
        var probabilities = new Option<string?>("--probabilities") { Description = "Also write the class probabilities (float32, one channel per class) to FILE.", HelpName = "FILE" };
        var tile = SharedOptions.Size("--tile", "Input tile of the sliding window, x×y×z (default: planned from a memory budget of a third of this process's memory, at most 8 GiB).");
        var batchStatistics = new Option<bool>("--bn-batch-stats") { Description = "Normalise with the volume's batch statistics instead of the running averages." };
        var device = SharedOptions.Device();
        checkpoint.Required = true;
        input.Required = true;

        var command = new Command("predict", "Segment a volume with a trained network and write the label map with the input's geometry.")
        {
            checkpoint, input, output, probabilities, tile, batchStatistics, device,
        };
        command.SetAction(parse => Predict(
            parse.GetRequiredValue(checkpoint)!, parse.GetRequiredValue(input)!, parse.GetRequiredValue(output), parse.GetValue(probabilities),
            parse.GetValue(tile), parse.GetValue(batchStatistics), TorchDevices.Select(parse.GetValue(device)), parse.InvocationConfiguration.Output));
        return command;
    }

    private static int Predict(string checkpointPath, string inputPath, string outputPath, string? probabilitiesPath, VolumeShape? tileSize,
        bool batchStatistics, TorchSharp.torch.Device device, TextWriter output)
    {
        var (inputFormat, outputFormat) = (VolumeFormats.Of(inputPath), VolumeFormats.Of(outputPath));
        var probabilitiesFormat = probabilitiesPath is null ? null : VolumeFormats.Of(probabilitiesPath);
        var checkpoint = TrainingCheckpoint.Load(checkpointPath);
        var input = inputFormat.ReadAsNifti(inputPath);
        var tile = tileSize is { } size
            ? new[] { size.Z, size.Y, size.X }.TakeLast(checkpoint.Metadata.Model.SpatialDimensions).ToArray()
            : null;
        var clock = Stopwatch.StartNew();
        var result = new CheckpointSegmenter(checkpoint, device).Segment(input, Path.GetFileName(inputPath),
            withProbabilities: probabilitiesPath is not null, tile, batchStatistics);
        clock.Stop();

        outputFormat.WriteNifti(outputPath, result.Labels, VolumeDataType.UInt8);
        if (probabilitiesPath is not null && result.Probabilities is { } probabilities)
            probabilitiesFormat!.WriteNifti(probabilitiesPath, probabilities, VolumeDataType.Float32);

        output.WriteLine(FormattableString.Invariant(
            $"segmented {input.X}x{input.Y}x{input.Z} ({input.Channels} channel(s)) in {clock.Elapsed.TotalSeconds:F1} s on {TorchDevices.Describe(device)} with {Path.GetFileName(checkpointPath)} (step {checkpoint.Metadata.Step})"));
        for (var c = 0; c < result.VoxelsPerClass.Length; c++)
            // A checkpoint knows its class count, not the names: the paper's three are named, other sets by label.
            output.WriteLine(FormattableString.Invariant($"{(result.VoxelsPerClass.Length == SegmentationLabels.ClassCount ? SegmentationLabels.Name(c) : $"label {c}")}: {result.VoxelsPerClass[c]} voxels"));
        output.WriteLine($"labels written to {outputPath}");
        return 0;
    }
}
