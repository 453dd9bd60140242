using System.Globalization;
using UNet3D.Lab.Experiments.Data;
using UNet3D.Lab.Experiments.Models;
using UNet3D.Lab.Experiments.Presets;

namespace UNet3D.Lab.Silo.Commands;

/// <summary>
/// <c>summary [--preset NAME] [--model 3d|2d] [--no-bn]</c>: the network of a preset layer by layer, its
/// parameter counts, tile sizes and forward cost. Without a preset, every preset.
/// </summary>
public static class SummaryCommand
{
    public static int Run(IReadOnlyList<string> args, TextWriter output)
    {
        var options = CommandLineOptions.Parse(args, flags: ["no-bn"]);
        var presets = options.Value("preset") is { } name ? [ExperimentPresets.Get(name)] : ExperimentPresets.All;
        var dimensions = options.ModelDimensions();
        foreach (var preset in presets)
        {
            var config = new UNetConfig(dimensions, XenopusPhantom.Channels, SegmentationLabels.ClassCount,
                preset.BaseChannels, preset.Levels, BatchNorm: !options.Has("no-bn"));
            Print(output, preset, UNetSummary.Describe(config, preset.TileFor(dimensions)));
        }
        return 0;
    }

    private static void Print(TextWriter output, ExperimentPreset preset, UNetSummary summary)
    {
        var c = summary.Config;
        output.WriteLine($"preset: {preset.Name} ({preset.Description})");
        output.WriteLine($"model: {c.SpatialDimensions}D U-Net, {c.Levels} levels, base {c.BaseChannels} channels, BatchNorm {(c.BatchNorm ? "on" : "off")}, {c.InputChannels} input channels, {c.Classes} classes");
        output.WriteLine($"output: {Size(summary.Output)} for input {Size(summary.Input)}");
        output.WriteLine($"trainable parameters: {summary.TrainableParameters}");
        output.WriteLine($"batchnorm parameters: {summary.BatchNormParameters}");
        output.WriteLine(FormattableString.Invariant($"forward GFLOP per tile: {summary.Flops / 1e9:F1}"));
        output.WriteLine(FormattableString.Invariant($"{"layer",-22} {"channels",-12} {"output",-14} {"parameters",12} {"GFLOP",9}"));
        foreach (var layer in summary.Layers)
            output.WriteLine(FormattableString.Invariant(
                $"{layer.Name,-22} {$"{layer.InChannels}->{layer.OutChannels}",-12} {Size(layer.OutputShape),-14} {layer.Parameters,12} {layer.Flops / 1e9,9:F2}"));
        output.WriteLine();
    }

    /// <summary>Sizes as the paper writes them: x×y×z, i.e. the tensor order reversed.</summary>
    private static string Size(IEnumerable<int> tensorOrder) =>
        string.Join("x", tensorOrder.Reverse().Select(v => v.ToString(CultureInfo.InvariantCulture)));
}
