using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using TorchSharp;
using UNet3D.Lab.Experiments.Augmentation;
using UNet3D.Lab.Experiments.Inference;
using UNet3D.Lab.Experiments.Models;
using UNet3D.Lab.Experiments.Presets;
using UNet3D.Lab.Experiments.Training;
using static TorchSharp.torch;

namespace UNet3D.Lab.Silo.Commands;

/// <summary>
/// <c>bench augmentation|inference|step|compare|phantom|seed-runs|list|series</c>: benchmarks that print numbers (timings never
/// live in tests): milliseconds per augmented tile (cpu and paper tiles); seconds to segment a three-channel volume
/// (default 248x244x64, the paper's first sample) with an untrained network of a preset; milliseconds per training
/// step, and beside PyTorch's (<see cref="StepComparison"/>); seconds to generate the phantom's three samples; made-up runs for, and milliseconds per query of, the runs
/// table; storing and reading metric series (<see cref="SeriesBenchmark"/>).
/// </summary>
public static class BenchCommand
{
    public static Command Create() => SiloCommandLine.Group("bench", "Benchmarks that print timings", Augmentation(), Inference(), Step(), StepComparison.Create(), Phantom(),
        RunIndexBenchmark.SeedRuns(), RunIndexBenchmark.List(), Series());

    private static Command Augmentation()
    {
        var repetitions = SharedOptions.WithDefault(SharedOptions.Integer("--repetitions", "Timed runs per tile; the median is printed.", 1, "the median needs a run"), 5);
        var device = SharedOptions.Device();
        var command = new Command("augmentation", "Milliseconds per augmented tile (the cpu and paper presets' tiles, 3 channels).") { repetitions, device };
        command.SetAction(parse =>
        {
            var selected = TorchDevices.Select(parse.GetValue(device));
            foreach (var (tile, milliseconds) in AugmentationBenchmark.Run(parse.GetValue(repetitions)!.Value, selected))
                parse.InvocationConfiguration.Output.WriteLine(FormattableString.Invariant($"augmentation {tile} (z×y×x, 3 channels): {milliseconds:F1} ms per tile (median) on {TorchDevices.Describe(selected)}"));
            return 0;
        });
        return command;
    }

    private static Command Inference()
    {
        var preset = SharedOptions.Preset("The network's preset (untrained weights).", "cpu");
        var size = SharedOptions.Size("--size", "The volume, x×y×z (default 248x244x64, the paper's first sample).");
        var tile = SharedOptions.Size("--tile", "Input tile of the sliding window, x×y×z (default: planned from the memory budget).");
        var budget = SharedOptions.Number("--memory-gib", "Memory budget of one prediction tile in GiB (default: a third of this process's memory, at most 8).");
        var model = SharedOptions.Model();
        var device = SharedOptions.Device();
        var precision = SharedOptions.Precision();
        var command = new Command("inference", "Seconds to segment a three-channel volume with an untrained network of a preset.") { preset, size, tile, budget, model, device, precision };
        command.SetAction(parse => Inference(ExperimentPresets.Get(parse.GetValue(preset)!), parse.GetValue(size) ?? new VolumeShape(64, 244, 248),
            parse.GetValue(tile), parse.GetValue(budget), Dimensions(parse.GetValue(model)), TorchDevices.Select(parse.GetValue(device)),
            parse.GetValue(precision) ?? Precision.Fp32, parse.InvocationConfiguration.Output));
        return command;
    }

    private static Command Step()
    {
        var preset = SharedOptions.Preset("The network's preset, with its tile, optimiser and augmentation.", "cpu");
        var steps = SharedOptions.WithDefault(SharedOptions.Integer("--steps", "Training steps; the first is a warm-up.", 2, "the first step is a warm-up"), 5);
        var model = SharedOptions.Model();
        var device = SharedOptions.Device();
        var precision = SharedOptions.Precision();
        var command = new Command("step", "Milliseconds per training step of a preset on the phantom.") { preset, steps, model, device, precision };
        command.SetAction(parse => Step(ExperimentPresets.Get(parse.GetValue(preset)!), parse.GetValue(steps)!.Value, Dimensions(parse.GetValue(model)),
            TorchDevices.Select(parse.GetValue(device)), parse.GetValue(precision) ?? Precision.Fp32, parse.InvocationConfiguration.Output));
        return command;
    }

    private static Command Phantom()
    {
        var variant = SharedOptions.Variant();
        var command = new Command("phantom", "Seconds to generate the phantom's three samples.") { variant };
        command.SetAction(parse => Phantom(parse.GetValue(variant) ?? PhantomVariant.Cpu, parse.InvocationConfiguration.Output));
        return command;
    }

    private static Command Series()
    {
        var points = SharedOptions.WithDefault(SharedOptions.Integer("--points", "Length of the long series, in steps.", 1, "a series needs a point"), 1_000_000);
        var batch = SharedOptions.WithDefault(SharedOptions.Integer("--batch", "Points appended at once, as a worker sends them.", 1, "a batch needs a point"), 100);
        var repetitions = SharedOptions.WithDefault(SharedOptions.Integer("--repetitions", "Timed reads of each kind; the median is printed.", 1, "the median needs a read"), 7);
        var directory = SharedOptions.DataDirectory("Folder for the benchmark's fresh LiteDB file, removed afterwards.", Path.GetTempPath());
        var command = new Command("series", "Store a long metric series as a worker would, read it back whole and cut down to 2,000 points.") { points, batch, repetitions, directory };
        command.SetAction(parse => SeriesBenchmark.Run(parse.GetValue(points)!.Value, parse.GetValue(batch)!.Value, parse.GetValue(repetitions)!.Value,
            parse.GetValue(directory)!, parse.InvocationConfiguration.Output));
        return command;
    }

    private static int Dimensions(ModelKind? model) => model == ModelKind.TwoD ? 2 : 3;

    private static int Inference(ExperimentPreset preset, VolumeShape size, VolumeShape? tileSize, double? budgetGib, int dimensions, Device device, Precision precision,
        TextWriter output)
    {
        using var model = UNetFactory.Create(new UNetConfig(dimensions, 3, SegmentationLabels.ClassCount, preset.BaseChannels, preset.Levels, BatchNorm: true));
        WeightInitialisation.Apply(model, seed: 1);
        model.to(device);
        var budget = budgetGib is { } gib ? (long)(gib * (1L << 30)) : InferenceTilePlanner.DefaultBudgetBytes;
        var predictor = tileSize is { } size3
            ? new VolumePredictor(model, Tile(size3, dimensions), precision: precision)
            : VolumePredictor.WithinBudget(model, budget, precision: precision);
        using var volume = randn([3, size.Z, size.Y, size.X], device: device);
        var tile = predictor.TileFor(volume.shape);

        var clock = Stopwatch.StartNew();
        var labels = predictor.PredictLabels(volume);
        clock.Stop();
        using var process = Process.GetCurrentProcess();
        output.WriteLine(FormattableString.Invariant(
            $"inference {preset.Name} {dimensions}D on {size} (x×y×z, 3 channels), tile {string.Join("x", tile.Reverse())} (estimated peak {InferenceTilePlanner.PeakBytes(model.Config, tile) / (double)(1 << 30):F1} GiB{(tileSize is null ? FormattableString.Invariant($", budget {budget / (double)(1 << 30):F1} GiB") : "")}), {LabJson.NameOf(precision)}: {clock.Elapsed.TotalSeconds:F1} s, {labels.Length / clock.Elapsed.TotalSeconds / 1e6:F2} Mvoxel/s on {TorchDevices.Describe(device)}; process peak resident {process.PeakWorkingSet64 / (double)(1 << 30):F1} GiB"));
        return 0;
    }

    private static int Step(ExperimentPreset preset, int steps, int dimensions, Device device, Precision precision, TextWriter output)
    {
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
            Precision = precision,
        };
        var marks = new List<TimeSpan>();
        new Trainer(model, settings, device).Train([sample], p => marks.Add(p.Elapsed));
        var perStep = (marks[^1] - marks[0]).TotalMilliseconds / (steps - 1);
        output.WriteLine(FormattableString.Invariant(
            $"training step {preset.Name} {dimensions}D, tile {string.Join("x", settings.TileInput.Reverse())}, augmentation {(preset.AugmentByDefault ? "on" : "off")}, {LabJson.NameOf(precision)}: {perStep:F0} ms per step (mean of {steps - 1} after a warm-up) on {TorchDevices.Describe(device)}"));
        return 0;
    }

    private static int Phantom(PhantomVariant variant, TextWriter output)
    {
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
