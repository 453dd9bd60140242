using System.Globalization;
using UNet3D.Lab.Experiments.Runs;
using UNet3D.Lab.Experiments.Training;
using UNet3D.Lab.Silo.Json;

namespace UNet3D.Lab.Silo.Commands;

/// <summary>
/// <c>train [--config FILE.json] [--model 3d|2d] [--preset NAME] [--iterations N] [--seed N] [--slices X,Y,Z] [--no-bn]
/// [--augment|--no-augment] [--bn-batch-stats] [--optimizer sgd|adam] [--lr X] [--schedule constant|cosine|polynomial]
/// [--checkpoint FILE [--checkpoint-interval N]] [--resume FILE]
/// [--device auto|cpu|cuda]</c>: trains one experiment headless and prints its curve and scores: a progress bar
/// on a terminal, plain lines otherwise (logs, pipes, CI).
/// </summary>
public static class TrainCommand
{
    /// <param name="terminal">Draw a progress bar in place (an interactive console) instead of printing lines.</param>
    public static int Run(IReadOnlyList<string> args, TextWriter output, CancellationToken cancellation, bool terminal = false)
    {
        var options = CommandLineOptions.Parse(args, flags: ["no-bn", "no-augment", "augment", "bn-batch-stats"]);
        var spec = options.Value("config") is { } file ? ReadSpec(file) : new ExperimentSpec { Model = ModelKind.ThreeD };
        if (options.Model() is { } model) spec = spec with { Model = model };
        if (options.Value("preset") is { } preset) spec = spec with { Preset = preset };
        if (options.Int("iterations") is { } iterations) spec = spec with { Iterations = iterations };
        if (options.Int("seed") is { } seed) spec = spec with { Seed = seed };
        if (options.Value("slices") is { } slices)
            spec = spec with { AnnotatedSlices = slices.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray() };
        if (options.Has("no-bn")) spec = spec with { BatchNorm = false };
        if (options.Has("no-augment")) spec = spec with { Augment = false };
        if (options.Has("augment")) spec = spec with { Augment = true };
        if (options.Has("bn-batch-stats")) spec = spec with { BatchStatisticsAtInference = true };
        if (options.Value("optimizer") is { } optimizer)
            spec = spec with { Optimizer = Enum.TryParse<OptimizerKind>(optimizer, ignoreCase: true, out var kind) ? kind : throw new ArgumentException($"--optimizer must be sgd or adam, not '{optimizer}'.") };
        if (options.Value("lr") is { } rate)
            spec = spec with { LearningRate = double.TryParse(rate, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : throw new ArgumentException($"--lr must be a number, not '{rate}'.") };
        if (options.Value("schedule") is { } schedule)
            spec = spec with { Schedule = Enum.TryParse<LearningRateSchedule>(schedule, ignoreCase: true, out var parsed) ? parsed : throw new ArgumentException($"--schedule must be constant, cosine or polynomial, not '{schedule}'.") };
        spec.EnsureValid();

        var device = TorchDevices.Select(options.Value("device") ?? "auto");
        output.WriteLine($"training {spec.Model} BN={(spec.BatchNorm ? "on" : "off")} slices={string.Join(",", spec.AnnotatedSlices)} preset={spec.Preset} iterations={spec.EffectiveIterations} seed={spec.Seed} augment={(spec.EffectiveAugment ? "on" : "off")} schedule={spec.EffectiveSchedule.ToString().ToLowerInvariant()} on {TorchDevices.Describe(device)}");
        var every = Math.Max(1, spec.EffectiveIterations / 20);
        var checkpoints = options.Value("checkpoint") is { } path
            ? new CheckpointOptions(path, options.Int("checkpoint-interval") ?? Math.Max(1, spec.EffectiveIterations / 10))
            : null;
        var resume = options.Value("resume") is { } resumePath ? TrainingCheckpoint.Load(resumePath) : null;
        if (resume is not null) output.WriteLine($"resuming from {resume.Path} at step {resume.Metadata.Step}");
        var result = new ExperimentRunner(device).Run(spec, p =>
        {
            if (terminal)
            {
                const int width = 30;
                var done = (int)Math.Round(width * (double)p.Step / p.TotalSteps);
                output.Write(FormattableString.Invariant($"\r[{new string('#', done)}{new string(' ', width - done)}] step {p.Step}/{p.TotalSteps} loss {p.Loss:F4} {p.Elapsed.TotalSeconds:F1}s "));
                if (p.Step == p.TotalSteps) output.WriteLine();
            }
            else if (p.Step % every == 0 || p.Step == p.TotalSteps)
            {
                output.WriteLine(FormattableString.Invariant($"step {p.Step}/{p.TotalSteps} loss {p.Loss:F4} {p.Elapsed.TotalSeconds:F1}s"));
            }
        }, cancellation, checkpoints, resume);
        if (checkpoints is not null) output.WriteLine($"checkpoint: {checkpoints.Path}");

        output.WriteLine(FormattableString.Invariant($"trained {result.Iterations} steps in {result.TrainingSeconds:F1} s ({1000 * result.TrainingSeconds / result.Iterations:F1} ms/step), evaluated in {result.EvaluationSeconds:F1} s"));
        output.WriteLine($"class weights: {string.Join(" / ", result.ClassWeights.Select(w => w.ToString("F3", CultureInfo.InvariantCulture)))} (labels 0 / 1 / 2)");
        output.WriteLine($"IoU classes: {result.IoUClassNames}");
        foreach (var sample in result.Samples)
            output.WriteLine(FormattableString.Invariant($"{sample.Sample}: IoU {sample.IoU:F3} (per class {string.Join(" / ", sample.ClassIoU.Select(v => v.ToString("F3", CultureInfo.InvariantCulture)))})"));
        output.WriteLine(FormattableString.Invariant($"mean IoU {result.MeanIoU:F3}"));
        return 0;
    }

    private static ExperimentSpec ReadSpec(string file)
    {
        if (!File.Exists(file)) throw new FileNotFoundException($"Config file '{file}' does not exist.", file);
        var (spec, problems) = StrictJson.Read<ExperimentSpec>(File.ReadAllBytes(file));
        return spec ?? throw new ArgumentException($"Config file '{file}': {string.Join("; ", problems)}");
    }
}
