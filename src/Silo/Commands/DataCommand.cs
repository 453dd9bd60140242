using System.CommandLine;
using System.Globalization;
using UNet3D.Lab.Experiments.Data.Formats;

namespace UNet3D.Lab.Silo.Commands;

/// <summary>
/// <c>data inspect FILE</c> (NIfTI .nii[.gz], TIFF stack .tif[f], HDF5 .h5/.hdf5/.hdf): format, shape, channels, data
/// type, spacing with its unit as the file states it, per-channel min/max/mean and, for label maps (integer type, few distinct values) and HDF5 files
/// with a <c>label</c> dataset, the histogram of labels. NIfTI files also show their byte order and affine.
/// <c>data phantom</c>: writes the phantom's samples S1–S3 as NIfTI (image: float32, channels in the 4th dimension;
/// labels: uint8) with the paper's voxel spacing in µm.
/// <c>data import</c> and <c>data list</c>: the lab's dataset store, see <see cref="DatasetStoreCommands"/>.
/// </summary>
public static class DataCommand
{
    // An HDF5 label dataset is a label map by declaration: its histogram is shown up to this many labels.
    private const int MaxDeclaredLabelValues = 256;

    public static Command Create() => SiloCommandLine.Group("data", "Volumes and the lab's datasets",
        DatasetStoreCommands.Import(), DatasetStoreCommands.List(), InspectCommand(), PhantomCommand());

    private static Command InspectCommand()
    {
        var file = new Argument<string>("FILE") { Description = $"The volume: {VolumeFormats.Extensions}." };
        file.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string>() is { } path && !File.Exists(path)) result.AddError($"data inspect: file '{path}' does not exist.");
        });
        var command = new Command("inspect", "Format, shape, channels, type, spacing in the file's unit, statistics and label histogram of a volume.") { file };
        command.SetAction(parse =>
        {
            Inspect(parse.GetValue(file)!, parse.InvocationConfiguration.Output);
            return 0;
        });
        return command;
    }

    private static Command PhantomCommand()
    {
        var folder = new Option<string>("--out") { Description = "The folder for S1-S3 as _image.nii.gz and _labels.nii.gz.", HelpName = "DIR", Required = true };
        var variant = SharedOptions.Variant();
        var seed = SharedOptions.WithDefault(SharedOptions.Integer("--seed", "Seed of the phantom's shapes."), 1);
        var command = new Command("phantom", "Write the Xenopus-like phantom's samples S1-S3 as NIfTI with the paper's spacing in µm.") { folder, variant, seed };
        command.SetAction(parse => Phantom(parse.GetValue(folder)!, parse.GetValue(variant) ?? PhantomVariant.Cpu, parse.GetValue(seed)!.Value, parse.InvocationConfiguration.Output));
        return command;
    }

    private static void Inspect(string path, TextWriter output)
    {
        var volume = VolumeFormats.Read(path);
        var nifti = volume.Format == VolumeFormat.Nifti ? NiftiReader.ReadHeader(path) : null;

        output.WriteLine($"file: {Path.GetFileName(path)}");
        output.WriteLine(nifti is null
            ? $"format: {(volume.Format == VolumeFormat.Tiff ? "TIFF stack" : $"HDF5, dataset '{Hdf5VolumeReader.RawDataset}'")}"
            : $"format: NIfTI-1, {(nifti.IsBigEndian ? "big" : "little")}-endian, {nifti.Dimensions}D header");
        output.WriteLine($"shape: {volume.Shape.X}x{volume.Shape.Y}x{volume.Shape.Z} (x×y×z), {volume.Channels} channel(s)");
        output.WriteLine(nifti is null
            ? $"data type: {volume.SourceType}"
            : FormattableString.Invariant($"data type: {nifti.DataType}{(nifti.IsScaled ? $", scaled by {nifti.ScaleSlope:G6} + {nifti.ScaleIntercept:G6}" : "")}"));
        // As the file states it: NIfTI's pixdim in the unit of xyzt_units, never converted.
        output.WriteLine($"spacing: {SpatialUnits.Describe(volume.Spacing, volume.Unit, " x ")}");
        if (nifti is not null)
        {
            output.WriteLine($"transform: {(nifti.SFormCode > 0 ? $"sform (code {nifti.SFormCode})" : nifti.QFormCode > 0 ? $"qform (code {nifti.QFormCode})" : "pixdim only")}");
            for (var r = 0; r < 3; r++)
                output.WriteLine("  " + string.Join("  ", Enumerable.Range(0, 4).Select(c => nifti.Affine[r, c].ToString("F3", CultureInfo.InvariantCulture).PadLeft(9))));
        }

        var channels = VolumeStatistics.PerChannel(volume);
        for (var c = 0; c < channels.Count; c++)
            output.WriteLine(FormattableString.Invariant($"channel {c}: min {channels[c].Min:G6} max {channels[c].Max:G6} mean {channels[c].Mean:G6}"));
        if (VolumeStatistics.LabelHistogram(volume) is { } histogram)
            output.WriteLine($"label histogram: {Histogram(histogram)}");

        if (VolumeFormats.ReadLabel(path) is { } label)
        {
            var labels = VolumeStatistics.LabelHistogram(label, MaxDeclaredLabelValues);
            output.WriteLine($"label dataset '{Hdf5VolumeReader.LabelDataset}': {label.SourceType}, {label.Channels} channel(s), "
                + (labels is null ? $"not integer labels or more than {MaxDeclaredLabelValues} values" : $"histogram: {Histogram(labels)}"));
        }
    }

    private static string Histogram(IReadOnlyDictionary<long, long> histogram) =>
        string.Join(", ", histogram.Select(pair => FormattableString.Invariant($"{pair.Key}: {pair.Value}")));

    private static int Phantom(string folder, PhantomVariant variant, int seed, TextWriter output)
    {
        Directory.CreateDirectory(folder);
        var spacing = (XenopusPhantom.SpacingXY, XenopusPhantom.SpacingXY, XenopusPhantom.SpacingZ);
        foreach (var sample in XenopusPhantom.Generate(variant, seed))
        {
            var (x, y, z) = (sample.Shape.X, sample.Shape.Y, sample.Shape.Z);
            var image = Path.Combine(folder, $"{sample.Name}_image.nii.gz");
            var labels = Path.Combine(folder, $"{sample.Name}_labels.nii.gz");
            NiftiWriter.Write(image, new NiftiImage(x, y, z, sample.Channels, sample.Image, spacing, SpatialUnit.Micron,
                description: $"UNet3D.Lab phantom {sample.Name}"), NiftiDataType.Float32);
            NiftiWriter.Write(labels, new NiftiImage(x, y, z, 1, sample.Labels.Select(l => (float)l).ToArray(), spacing, SpatialUnit.Micron,
                sourceType: NiftiDataType.UInt8, description: "0 inside tubule, 1 tubule, 2 background"), NiftiDataType.UInt8);
            output.WriteLine($"{sample.Name}: {sample.Shape} written to {image} and {labels}");
        }
        return 0;
    }
}
