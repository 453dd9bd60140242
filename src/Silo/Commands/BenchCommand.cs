using System.Diagnostics;
using System.Globalization;
using TorchSharp;
using UNet3D.Lab.Experiments.Augmentation;
using UNet3D.Lab.Experiments.Data;
using UNet3D.Lab.Experiments.Inference;
using UNet3D.Lab.Experiments.Models;
using UNet3D.Lab.Experiments.Presets;
using UNet3D.Lab.Experiments.Training;
using static TorchSharp.torch;

namespace UNet3D.Lab.Silo.Commands;

/// <summary>
/// Benchmarks that print numbers (timings never live in tests):
/// <c>bench augmentation [--repetitions N] [--device D]</c> — milliseconds per augmented tile (cpu and paper tiles);
/// <c>bench inference --preset NAME [--size XxYxZ] [--tile XxYxZ] [--model 3d|2d] [--device D]</c> — seconds to segment a
/// three-channel volume (default 248x244x64, the paper's first sample) with an untrained network of that preset;
/// <c>bench step --preset NAME [--steps N] [--model 3d|2d] [--device D]</c> — milliseconds per training step;
/// <c>bench phantom [--variant tiny|cpu|paper]</c> — seconds to generate the phantom's three samples.
/// </summary>
public static class BenchCommand
{
    public static int Run(IReadOnlyList<string> args, TextWriter output)
    {
        if (args.Count == 0) throw new ArgumentException("bench needs a subject: augmentation, inference, step or phantom.");
        var options = CommandLineOptions.Parse(args.Skip(1).ToArray(), flags: []);
        var device = TorchDevices.Select(options.Value("device") ?? "auto");
        switch (args[0])
        {
            case "augmentation":
                foreach (var (tile, milliseconds) in AugmentationBenchmark.Run(options.Int("repetitions") ?? 5, device))
                    output.WriteLine(FormattableString.Invariant($"augmentation {tile} (z×y×x, 3 channels): {milliseconds:F1} ms per tile (median) on {TorchDevices.Describe(device)}"));
                return 0;
            case "inference":
                return Inference(options, device, output);
            case "step":
                return Step(options, device, output);
            case "phantom":
                return Phantom(options, output);
            default:
                throw new ArgumentException($"Unknown benchmark '{args[0]}'; use augmentation, inference, step or phantom.");
        }
    }

    private static int Inference(CommandLineOptions options, Device device, TextWriter output)
    {
        var preset = ExperimentPresets.Get(options.Value("preset") ?? "cpu");
        var size = options.Size("size") ?? new VolumeShape(64, 244, 248);
        var dimensions = options.ModelDimensions();
        using var model = UNetFactory.Create(new UNetConfig(dimensions, 3, SegmentationLabels.ClassCount, preset.BaseChannels, preset.Levels, BatchNorm: true));
        WeightInitialisation.Apply(model, seed: 1);
        model.to(device);
        var tile = options.Size("tile") is { } size3 ? Tile(size3, dimensions) : preset.InferenceTileFor(dimensions).ToArray();
        var predictor = new VolumePredictor(model, tile);
        using var volume = randn([3, size.Z, size.Y, size.X], device: device);

        var clock = Stopwatch.StartNew();
        var labels = predictor.PredictLabels(volume);
        clock.Stop();
        output.WriteLine(FormattableString.Invariant(
            $"inference {preset.Name} {dimensions}D on {size} (x×y×z, 3 channels), tile {string.Join("x", tile.Reverse())}: {clock.Elapsed.TotalSeconds:F1} s, {labels.Length / clock.Elapsed.TotalSeconds / 1e6:F2} Mvoxel/s on {TorchDevices.Describe(device)}"));
        return 0;
    }

    private static int Step(CommandLineOptions options, Device device, TextWriter output)
    {
        var preset = ExperimentPresets.Get(options.Value("preset") ?? "cpu");
        var steps = options.Int("steps") ?? 5;
        if (steps < 2) throw new ArgumentException("--steps must be at least 2: the first step is a warm-up.");
        var dimensions = options.ModelDimensions();
        var volume = XenopusPhantom.GenerateSample(0, preset.Phantom, PhantomDatasets.Seed);
        var sample = new TrainingSample(volume, SparseAnnotation.FromSliceCounts(volume, [2, 2, 2]));
        using var model = UNetFactory.Create(new UNetConfig(dimensions, 3, SegmentationLabels.ClassCount, preset.BaseChannels, preset.Levels, BatchNorm: true));
        WeightInitialisation.Apply(model, seed: 1);
        var settings = new TrainingSettings
        {
            Iterations = steps,
            TileInput = preset.TileFor(dimensions),
            Optimizer = preset.Optimizer,
            LearningRate = preset.LearningRate,
            Augmentation = preset.AugmentByDefault ? new AugmentationSettings() : AugmentationSettings.None,
        };
        var marks = new List<TimeSpan>();
        new Trainer(model, settings, device).Train([sample], p => marks.Add(p.Elapsed));
        var perStep = (marks[^1] - marks[0]).TotalMilliseconds / (steps - 1);
        output.WriteLine(FormattableString.Invariant(
            $"training step {preset.Name} {dimensions}D, tile {string.Join("x", settings.TileInput.Reverse())}, augmentation {(preset.AugmentByDefault ? "on" : "off")}: {perStep:F0} ms per step (mean of {steps - 1} after a warm-up) on {TorchDevices.Describe(device)}"));
        return 0;
    }

    private static int Phantom(CommandLineOptions options, TextWriter output)
    {
        var variant = options.Variant();
        XenopusPhantom.GenerateSample(0, PhantomVariant.Cpu, seed: 0); // warm-up: JIT and thread pool
        var clock = Stopwatch.StartNew();
        var samples = XenopusPhantom.Generate(variant, seed: 1);
        clock.Stop();
        output.WriteLine(FormattableString.Invariant(
            $"phantom {variant}: {string.Join(", ", samples.Select(s => $"{s.Name} {s.Shape}"))} generated in {clock.Elapsed.TotalSeconds:F1} s"));
        return 0;
    }

    /// <summary>(Z, Y, X) for a 3D network, (Y, X) for a 2D one.</summary>
    private static int[] Tile(VolumeShape size, int dimensions) => new[] { size.Z, size.Y, size.X }.TakeLast(dimensions).ToArray();

}
