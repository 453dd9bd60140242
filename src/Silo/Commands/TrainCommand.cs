using System.CommandLine;
using System.Globalization;
using UNet3D.Lab.Experiments.Training;

namespace UNet3D.Lab.Silo.Commands;

/// <summary>
/// <c>train</c>: trains one experiment headless and prints its curve and scores: a progress bar on a terminal,
/// plain lines otherwise (logs, pipes, CI). The spec is the default one, or <c>--config FILE.json</c>, with the
/// options overriding its fields.
/// </summary>
public static class TrainCommand
{
    public static Command Create()
    {
        var config = SharedOptions.ExistingFile("--config", "An experiment spec as JSON (the body of POST /api/experiments); the options below override its fields.");
        var model = SharedOptions.Model();
        var preset = SharedOptions.Preset("Sizes, steps and optimiser of the run (default: smoke, or the config's).");
        var iterations = SharedOptions.Integer("--iterations", "Training steps (default: the preset's).", 1, "a run trains at least one step");
        var seed = SharedOptions.Integer("--seed", "Random seed of the run (default 1).");
        var slices = Slices();
        var noBatchNorm = SharedOptions.NoBatchNorm();
        var augment = new Option<bool>("--augment") { Description = "Augment the training tiles, whatever the preset does." };
        var noAugment = new Option<bool>("--no-augment") { Description = "Train without augmentation, whatever the preset does." };
        var batchStatistics = new Option<bool>("--bn-batch-stats") { Description = "Batch statistics at inference too, as the paper's Caffe setup (default: running averages)." };
        var optimizer = SharedOptions.Choice<OptimizerKind?>("--optimizer", "sgd (with momentum, as the paper) or adam (default: the preset's).",
            ("sgd", OptimizerKind.Sgd), ("adam", OptimizerKind.Adam));
        var learningRate = SharedOptions.Number("--lr", "Base learning rate (default: the preset's).");
        var schedule = SharedOptions.Choice<LearningRateSchedule?>("--schedule", "Learning-rate schedule (default: the preset's).",
            ("constant", LearningRateSchedule.Constant), ("cosine", LearningRateSchedule.Cosine), ("polynomial", LearningRateSchedule.Polynomial));
        var precision = SharedOptions.Precision();
        var evaluateEvery = SharedOptions.Integer("--evaluate-every", "Steps between measurements of the held-out IoU while training; 0: only after the last step (default: the preset's).",
            0, "0 measures only after the last step");
        var checkpoint = new Option<string?>("--checkpoint") { Description = "Write the network and optimiser state to FILE while training.", HelpName = "FILE" };
        var checkpointInterval = SharedOptions.Integer("--checkpoint-interval", "Steps between checkpoints (default: a tenth of the run).", 1, "a checkpoint follows a step");
        var resume = SharedOptions.ExistingFile("--resume", "Continue an interrupted run from its checkpoint, exactly as if it had not stopped.");
        var device = SharedOptions.Device();
        var threads = SharedOptions.Integer("--threads", "libtorch threads per operation, which the float32 results depend on (default 0: libtorch's choice).", 0, "0 is libtorch's choice");
        var progress = SharedOptions.WithDefault(SharedOptions.Choice("--progress", "auto (a bar on a terminal, lines otherwise), bar or lines.",
            ("auto", "auto"), ("bar", "bar"), ("lines", "lines")), "auto");

        var command = new Command("train", "Train one experiment headless and print its curve and per-sample IoU.")
        {
            config, model, preset, iterations, seed, slices, noBatchNorm, augment, noAugment, batchStatistics, optimizer, learningRate,
            schedule, precision, evaluateEvery, checkpoint, checkpointInterval, resume, device, threads, progress,
        };
        command.SetAction((parse, cancellation) =>
        {
            var spec = parse.GetValue(config) is { } file ? ReadSpec(file) : new ExperimentSpec { Model = ModelKind.ThreeD };
            if (parse.GetValue(model) is { } kind) spec = spec with { Model = kind };
            if (parse.GetValue(preset) is { } name) spec = spec with { Preset = name };
            if (parse.GetValue(iterations) is { } steps) spec = spec with { Iterations = steps };
            if (parse.GetValue(seed) is { } seedValue) spec = spec with { Seed = seedValue };
            if (parse.GetValue(slices) is { Length: > 0 } counts) spec = spec with { AnnotatedSlices = counts }; // absent: empty, as arrays are
            if (parse.GetValue(noBatchNorm)) spec = spec with { BatchNorm = false };
            if (parse.GetValue(noAugment)) spec = spec with { Augment = false };
            if (parse.GetValue(augment)) spec = spec with { Augment = true };
            if (parse.GetValue(batchStatistics)) spec = spec with { BatchStatisticsAtInference = true };
            if (parse.GetValue(optimizer) is { } optimizerKind) spec = spec with { Optimizer = optimizerKind };
            if (parse.GetValue(learningRate) is { } rate) spec = spec with { LearningRate = rate };
            if (parse.GetValue(schedule) is { } scheduleKind) spec = spec with { Schedule = scheduleKind };
            if (parse.GetValue(precision) is { } precisionKind) spec = spec with { Precision = precisionKind };
            if (parse.GetValue(evaluateEvery) is { } interval) spec = spec with { EvaluateEvery = interval };
            spec.EnsureValid();

            var output = parse.InvocationConfiguration.Output;
            var checkpoints = parse.GetValue(checkpoint) is { } path
                ? new CheckpointOptions(path, parse.GetValue(checkpointInterval) ?? Math.Max(1, spec.EffectiveIterations / 10))
                : null;
            var run = new Run(spec, TorchDevices.Select(parse.GetValue(device)), parse.GetValue(threads) ?? 0, checkpoints, parse.GetValue(resume),
                Terminal: parse.GetValue(progress) switch { "bar" => true, "lines" => false, _ => ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected });
            // Off the invoking thread, so that Ctrl+C and SIGTERM are heard while it trains (the step loop stops at the next step).
            return Task.Run(() => Train(run, output, cancellation), CancellationToken.None);
        });
        return command;
    }

    /// <summary>--slices X,Y,Z: how many planes of each axis are annotated.</summary>
    private static Option<int[]?> Slices() => new("--slices")
    {
        Description = "Annotated planes per axis, x,y,z (default 2,2,2: two of each orientation).",
        HelpName = "X,Y,Z",
        CustomParser = result =>
        {
            var text = result.Tokens[^1].Value;
            var parts = text.Split(',');
            var counts = parts.Select(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : -1).ToArray();
            if (parts.Length == 3 && counts.All(c => c >= 0)) return counts;
            result.AddError($"Option --slices must be three counts x,y,z like 2,2,2, not '{text}'.");
            return null;
        },
    };

    private sealed record Run(ExperimentSpec Spec, TorchSharp.torch.Device Device, int Threads, CheckpointOptions? Checkpoints, string? Resume, bool Terminal);

    private static int Train(Run run, TextWriter output, CancellationToken cancellation)
    {
        var (spec, device, checkpoints) = (run.Spec, run.Device, run.Checkpoints);
        output.WriteLine($"training {spec.Model} BN={(spec.BatchNorm ? "on" : "off")} slices={string.Join(",", spec.AnnotatedSlices)} preset={spec.Preset} iterations={spec.EffectiveIterations} seed={spec.Seed} augment={(spec.EffectiveAugment ? "on" : "off")} schedule={spec.EffectiveSchedule.ToString().ToLowerInvariant()} evaluate-every={spec.Resolved().EvaluateEvery} precision={LabJson.NameOf(spec.Precision)} on {TorchDevices.Describe(device)}");
        var every = Math.Max(1, spec.EffectiveIterations / 20);
        var resume = run.Resume is { } resumePath ? TrainingCheckpoint.Load(resumePath) : null;
        if (resume is not null) output.WriteLine($"resuming from {resume.Path} at step {resume.Metadata.Step}");
        var result = new ExperimentRunner(device, threads: run.Threads).Run(spec, p =>
        {
            if (run.Terminal)
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
            if (!run.Terminal && p.Validation is { } validation)
                output.WriteLine(FormattableString.Invariant($"step {p.Step}/{p.TotalSteps} validation IoU {validation.HeadlineIoU:F3}"));
        }, cancellation, checkpoints, resume);
        if (checkpoints is not null) output.WriteLine($"checkpoint: {checkpoints.Path}");

        output.WriteLine(FormattableString.Invariant($"trained {result.Iterations} steps in {result.TrainingSeconds:F1} s ({1000 * result.TrainingSeconds / result.Iterations:F1} ms/step), of which {result.ValidationSeconds:F1} s measuring the held-out IoU; evaluated in {result.EvaluationSeconds:F1} s; {result.TorchThreads} libtorch thread(s) per operation"));
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
