using System.CommandLine;
using System.Globalization;
using UNet3D.Lab.Experiments.Models;
using UNet3D.Lab.Experiments.Presets;

namespace UNet3D.Lab.Silo.Commands;

/// <summary>
/// <c>summary</c>: the network of a preset layer by layer, its parameter counts, tile sizes and forward cost.
/// Without a preset, every preset.
/// </summary>
public static class SummaryCommand
{
    public static Command Create()
    {
        var preset = SharedOptions.Preset("The preset to describe (default: every preset).");
        var model = SharedOptions.Model();
        var noBatchNorm = SharedOptions.NoBatchNorm();
        var command = new Command("summary", "Print a preset's network layer by layer: parameters, tile sizes and forward GFLOP per tile.")
        {
            preset, model, noBatchNorm,
        };
        command.SetAction(parse =>
        {
            var presets = parse.GetValue(preset) is { } name ? [ExperimentPresets.Get(name)] : ExperimentPresets.All;
            var dimensions = parse.GetValue(model) == ModelKind.TwoD ? 2 : 3;
            foreach (var each in presets)
            {
                var config = new UNetConfig(dimensions, XenopusPhantom.Channels, SegmentationLabels.ClassCount,
                    each.BaseChannels, each.Levels, BatchNorm: !parse.GetValue(noBatchNorm));
                Print(parse.InvocationConfiguration.Output, each, UNetSummary.Describe(config, each.TileFor(dimensions)));
            }
            return 0;
        });
        return command;
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
