using System.Globalization;
using UNet3D.Lab.Experiments.Data;
using UNet3D.Lab.Experiments.Data.Formats;

namespace UNet3D.Lab.Silo.Commands;

/// <summary>
/// <c>data inspect FILE.nii[.gz]</c>: shape, data type, spacing, affine, channels, per-channel min/max/mean and,
/// for volumes of few distinct integer values (label maps), the histogram of values.
/// <c>data phantom --out DIR [--variant cpu|paper] [--seed N]</c>: writes the phantom's samples S1–S3 as NIfTI
/// (image: float32, channels in the 4th dimension; labels: uint8) with the paper's voxel spacing.
/// <c>data import</c> and <c>data list</c>: the lab's dataset store, see <see cref="DatasetStoreCommands"/>.
/// </summary>
public static class DataCommand
{
    private const int MaxHistogramValues = 32;

    public static int Run(IReadOnlyList<string> args, TextWriter output)
    {
        if (args.Count >= 1 && args[0] == "phantom") return Phantom(args.Skip(1).ToArray(), output);
        if (args.Count >= 1 && args[0] is "import" or "list") return DatasetStoreCommands.Run(args, output);
        if (args.Count != 2 || args[0] != "inspect")
            throw new ArgumentException("usage: data inspect FILE.nii[.gz] | data phantom --out DIR [--variant cpu|paper] [--seed N] | " + DatasetStoreCommands.Usage);
        var path = args[1];
        var header = NiftiReader.ReadHeader(path);
        var image = NiftiReader.Read(path);

        output.WriteLine($"file: {Path.GetFileName(path)}");
        output.WriteLine($"format: NIfTI-1, {(header.IsBigEndian ? "big" : "little")}-endian, {header.Dimensions}D header");
        output.WriteLine($"shape: {image.X}x{image.Y}x{image.Z} (x×y×z), {image.Channels} channel(s)");
        output.WriteLine(FormattableString.Invariant($"data type: {header.DataType}{(header.IsScaled ? $", scaled by {header.ScaleSlope:G6} + {header.ScaleIntercept:G6}" : "")}"));
        output.WriteLine(FormattableString.Invariant($"spacing: {image.Spacing.X:G6} x {image.Spacing.Y:G6} x {image.Spacing.Z:G6}"));
        output.WriteLine($"transform: {(header.SFormCode > 0 ? $"sform (code {header.SFormCode})" : header.QFormCode > 0 ? $"qform (code {header.QFormCode})" : "pixdim only")}");
        for (var r = 0; r < 3; r++)
            output.WriteLine("  " + string.Join("  ", Enumerable.Range(0, 4).Select(c => image.Affine[r, c].ToString("F3", CultureInfo.InvariantCulture).PadLeft(9))));

        var voxels = (int)image.VoxelsPerChannel;
        for (var c = 0; c < image.Channels; c++)
        {
            var channel = image.Data.AsSpan(c * voxels, voxels);
            double min = double.PositiveInfinity, max = double.NegativeInfinity, sum = 0;
            long finite = 0;
            foreach (var v in channel)
            {
                if (!float.IsFinite(v)) continue;
                finite++;
                sum += v;
                min = Math.Min(min, v);
                max = Math.Max(max, v);
            }
            var nonFinite = voxels - finite;
            output.WriteLine(FormattableString.Invariant(
                $"channel {c}: min {min:G6} max {max:G6} mean {(finite == 0 ? double.NaN : sum / finite):G6}{(nonFinite > 0 ? $", {nonFinite} NaN/infinite voxels" : "")}"));
        }

        var histogram = new SortedDictionary<float, long>();
        foreach (var v in image.Data)
        {
            if (!float.IsFinite(v) || v != MathF.Round(v)) { histogram.Clear(); break; }
            histogram[v] = histogram.GetValueOrDefault(v) + 1;
            if (histogram.Count > MaxHistogramValues) { histogram.Clear(); break; }
        }
        if (histogram.Count > 0)
            output.WriteLine("label histogram: " + string.Join(", ", histogram.Select(p => FormattableString.Invariant($"{p.Key}: {p.Value}"))));
        return 0;
    }

    private static int Phantom(IReadOnlyList<string> args, TextWriter output)
    {
        var options = CommandLineOptions.Parse(args, flags: []);
        var folder = options.Value("out") ?? throw new ArgumentException("data phantom needs --out DIR.");
        var variant = options.Variant();
        Directory.CreateDirectory(folder);
        var spacing = (XenopusPhantom.SpacingXY, XenopusPhantom.SpacingXY, XenopusPhantom.SpacingZ);
        foreach (var sample in XenopusPhantom.Generate(variant, options.Int("seed") ?? 1))
        {
            var (x, y, z) = (sample.Shape.X, sample.Shape.Y, sample.Shape.Z);
            var image = Path.Combine(folder, $"{sample.Name}_image.nii.gz");
            var labels = Path.Combine(folder, $"{sample.Name}_labels.nii.gz");
            NiftiWriter.Write(image, new NiftiImage(x, y, z, sample.Channels, sample.Image, spacing, description: $"UNet3D.Lab phantom {sample.Name}"), NiftiDataType.Float32);
            NiftiWriter.Write(labels, new NiftiImage(x, y, z, 1, sample.Labels.Select(l => (float)l).ToArray(), spacing,
                sourceType: NiftiDataType.UInt8, description: "0 inside tubule, 1 tubule, 2 background"), NiftiDataType.UInt8);
            output.WriteLine($"{sample.Name}: {sample.Shape} written to {image} and {labels}");
        }
        return 0;
    }
}
