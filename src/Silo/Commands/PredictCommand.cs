using System.Diagnostics;
using UNet3D.Lab.Experiments.Data;
using UNet3D.Lab.Experiments.Data.Formats;
using UNet3D.Lab.Experiments.Inference;
using UNet3D.Lab.Experiments.Training;

namespace UNet3D.Lab.Silo.Commands;

/// <summary>
/// <c>predict --checkpoint FILE --input IMAGE.nii[.gz] --output LABELS.nii[.gz] [--probabilities FILE.nii.gz]
/// [--tile XxYxZ] [--bn-batch-stats] [--device auto|cpu|cuda]</c>: segments a whole volume with a trained network.
/// Files are read and written in the format their extension names (<see cref="VolumeFormats"/>: NIfTI, TIFF, HDF5).
/// A NIfTI input's channels are in its 4th dimension; a NIfTI label map is uint8 with the input's header geometry
/// copied exactly (pixdim, xyzt_units, qform and sform with their codes), so it overlays the input in any viewer.
/// </summary>
public static class PredictCommand
{
    public static int Run(IReadOnlyList<string> args, TextWriter output)
    {
        var options = CommandLineOptions.Parse(args, flags: ["bn-batch-stats"]);
        var checkpointPath = options.Value("checkpoint") ?? throw new ArgumentException("predict needs --checkpoint FILE.");
        var inputPath = options.Value("input") ?? throw new ArgumentException("predict needs --input IMAGE.nii[.gz].");
        var outputPath = options.Value("output") ?? throw new ArgumentException("predict needs --output LABELS.nii[.gz].");
        var device = TorchDevices.Select(options.Value("device") ?? "auto");

        var (inputFormat, outputFormat) = (VolumeFormats.Of(inputPath), VolumeFormats.Of(outputPath));
        var probabilitiesFormat = options.Value("probabilities") is { } named ? VolumeFormats.Of(named) : null;
        var checkpoint = TrainingCheckpoint.Load(checkpointPath);
        var input = inputFormat.ReadAsNifti(inputPath);
        var tile = options.Size("tile") is { } size
            ? new[] { size.Z, size.Y, size.X }.TakeLast(checkpoint.Metadata.Model.SpatialDimensions).ToArray()
            : null;
        var clock = Stopwatch.StartNew();
        var result = new CheckpointSegmenter(checkpoint, device).Segment(input, Path.GetFileName(inputPath),
            withProbabilities: options.Value("probabilities") is not null, tile, options.Has("bn-batch-stats"));
        clock.Stop();

        outputFormat.WriteNifti(outputPath, result.Labels, VolumeDataType.UInt8);
        if (options.Value("probabilities") is { } probabilitiesPath && result.Probabilities is { } probabilities)
            probabilitiesFormat!.WriteNifti(probabilitiesPath, probabilities, VolumeDataType.Float32);

        output.WriteLine(FormattableString.Invariant(
            $"segmented {input.X}x{input.Y}x{input.Z} ({input.Channels} channel(s)) in {clock.Elapsed.TotalSeconds:F1} s on {TorchDevices.Describe(device)} with {Path.GetFileName(checkpointPath)} (step {checkpoint.Metadata.Step})"));
        for (var c = 0; c < result.VoxelsPerClass.Length; c++)
            output.WriteLine(FormattableString.Invariant($"{SegmentationLabels.Name(c)}: {result.VoxelsPerClass[c]} voxels"));
        output.WriteLine($"labels written to {outputPath}");
        return 0;
    }
}
