using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using TorchSharp;
using UNet3D.Lab.Experiments.Data;
using UNet3D.Lab.Experiments.Losses;
using UNet3D.Lab.Experiments.Models;
using UNet3D.Lab.Experiments.Presets;
using UNet3D.Lab.Experiments.Training;
using static TorchSharp.torch;

namespace UNet3D.Lab.Silo.Commands;

/// <summary>
/// <c>bench compare</c>: one training step of a preset's 3D network in the lab and in PyTorch (python/unet3d_lab/
/// bench_step.py, run by a python3 that has torch, e.g. Debian's python3-torch) on the same random tile, optimiser,
/// thread count, device and precision (PyTorch's autocast and GradScaler, channels-last 3D on CUDA); prints both
/// medians, their ratio, the convolution throughput and the device's matmul peak in the precision's element type.
/// </summary>
public static class StepComparison
{
    private const string Script = "python/unet3d_lab/bench_step.py";

    public static Command Create()
    {
        var preset = SharedOptions.Preset("The network's preset: its topology, training tile and optimiser.", "cpu");
        var steps = SharedOptions.WithDefault(SharedOptions.Integer("--steps", "Timed steps on each side, after one warm-up; the median is printed.", 1, "the median needs a step"), 5);
        var python = new Option<string>("--python") { Description = "The python with torch that runs the reference step.", HelpName = "PATH", DefaultValueFactory = _ => "/usr/bin/python3" };
        var device = SharedOptions.WithDefault(SharedOptions.Device(), "cpu");
        var precision = SharedOptions.Precision();
        var command = new Command("compare", "Milliseconds per training step in the lab and in PyTorch on one device, their ratio and the GEMM peak.") { preset, steps, python, device, precision };
        command.SetAction(parse => Run(ExperimentPresets.Get(parse.GetValue(preset)!), parse.GetValue(steps)!.Value, parse.GetValue(python)!,
            TorchDevices.Select(parse.GetValue(device)), parse.GetValue(precision) ?? Precision.Fp32, parse.InvocationConfiguration.Output));
        return command;
    }

    private static int Run(ExperimentPreset preset, int steps, string python, Device device, Precision precision, TextWriter output)
    {
        var threads = get_num_threads();
        var config = new UNetConfig(3, XenopusPhantom.Channels, SegmentationLabels.ClassCount, preset.BaseChannels, preset.Levels, BatchNorm: true);
        var tile = preset.TileFor(3);
        var gflop = 3 * UNetSummary.Describe(config, tile).Flops / 1e9; // forward, and a backward of about twice its work

        var on = $"{TorchDevices.Describe(device)}, {LabJson.NameOf(precision)}";
        var elementType = Autocast.ElementType(precision) ?? ScalarType.Float32;
        var size = device.type == DeviceType.CUDA ? 8192 : 2048; // a GPU finishes a 2048² product faster than it is launched
        var peak = MatmulPeakGflops(device, elementType, size);
        output.WriteLine(FormattableString.Invariant($"matmul peak: {peak:F1} GFLOP/s ({elementType} {size}×{size} products, best of 5, {threads} CPU thread(s)) on {on}"));
        var lab = LabStepMilliseconds(config, tile, preset, steps, device, precision);
        output.WriteLine(FormattableString.Invariant(
            $"lab step {preset.Name} 3D, tile {string.Join("x", tile.Reverse())} on {on}: {lab:F0} ms (median of {steps}), {gflop / (lab / 1000):F1} GFLOP/s ({100 * gflop / (lab / 1000) / peak:F0}% of the matmul peak)"));

        if (FindScript() is not { } script)
        {
            output.WriteLine($"PyTorch step: not run, {Script} not found above {Environment.CurrentDirectory}.");
            return 1;
        }
        var reference = PyTorchStep(python, script, preset, tile, steps, threads, device, precision, out var problem);
        if (reference is null)
        {
            output.WriteLine($"PyTorch step: not run, {problem}");
            return 1;
        }
        var (torchVersion, milliseconds) = reference.Value;
        output.WriteLine(FormattableString.Invariant(
            $"PyTorch {torchVersion} step, same network, tile and optimiser: {milliseconds:F0} ms (median of {steps}), {gflop / (milliseconds / 1000):F1} GFLOP/s"));
        output.WriteLine(FormattableString.Invariant($"ratio: the lab's step is {milliseconds / lab:F2}× as fast as PyTorch's"));
        return 0;
    }

    private static double MatmulPeakGflops(Device device, ScalarType elementType, int n)
    {
        using var a = randn([n, n], dtype: elementType, device: device);
        using var b = randn([n, n], dtype: elementType, device: device);
        using (a.matmul(b)) { }
        Synchronize(device);
        var best = double.MaxValue;
        for (var i = 0; i < 5; i++)
        {
            var clock = Stopwatch.StartNew();
            using (a.matmul(b)) { }
            Synchronize(device);
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
        }
        return 2.0 * n * n * n / best / 1e9;
    }

    /// <summary>CUDA kernels run asynchronously: wait for them before reading the clock.</summary>
    private static void Synchronize(Device device)
    {
        if (device.type == DeviceType.CUDA) cuda.synchronize(device);
    }

    private static double LabStepMilliseconds(UNetConfig config, IReadOnlyList<int> tile, ExperimentPreset preset, int steps, Device device, Precision precision)
    {
        random.manual_seed(1);
        using var model = UNetFactory.Create(config);
        WeightInitialisation.Apply(model, seed: 1);
        model.to(device);
        model.train();
        var scaler = precision == Precision.Fp16 ? new GradientScaler() : null;
        var parameters = model.parameters().ToArray();
        using var optimizer = OptimizerFactory.Create(preset.Optimizer, model.parameters(), preset.LearningRate,
            new TrainingSettings { Iterations = 1, TileInput = tile }.Momentum);
        var loss = new WeightedSoftmaxCrossEntropy(Enumerable.Repeat(1f, config.Classes).ToArray());
        using var image = randn([1L, config.InputChannels, .. tile.Select(s => (long)s)], device: device);
        using var labels = randint(0, config.Classes + 1, [1L, .. model.Geometry.OutputShape(tile).Select(s => (long)s)], device: device);

        var times = new List<double>();
        for (var step = 0; step <= steps; step++)
        {
            var clock = Stopwatch.StartNew();
            using (NewDisposeScope())
            {
                optimizer.zero_grad();
                Tensor value;
                using (Autocast.Enter(precision))
                    value = loss.Compute(model.forward(image), labels);
                OptimizerStep.Take(value, parameters, optimizer, clipNorm: null, scaler);
                value.item<float>(); // waits for the device
            }
            if (step > 0) times.Add(clock.Elapsed.TotalMilliseconds);
        }
        return RunIndexBenchmark.Median([.. times.Order()]);
    }

    private static (string Version, double Milliseconds)? PyTorchStep(string python, string script, ExperimentPreset preset, IReadOnlyList<int> tile,
        int steps, int threads, Device device, Precision precision, out string problem)
    {
        var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-m", "unet3d_lab.bench_step", "--base", $"{preset.BaseChannels}", "--levels", $"{preset.Levels}", "--tile" }
            .Concat(tile.Select(s => $"{s}"))
            .Concat(["--optimizer", preset.Optimizer == OptimizerKind.Sgd ? "sgd" : "adam", "--learning-rate", FormattableString.Invariant($"{preset.LearningRate}"),
                "--steps", $"{steps}", "--threads", $"{threads}", "--device", TorchDevices.Describe(device), "--precision", LabJson.NameOf(precision)]))
            start.ArgumentList.Add(argument);
        start.Environment["PYTHONPATH"] = Path.GetDirectoryName(Path.GetDirectoryName(script))!;
        try
        {
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                problem = $"{python} exited with {process.ExitCode}: {stderr.Result.Trim().Split('\n')[^1]}";
                return null;
            }
            using var result = JsonDocument.Parse(stdout.Trim().Split('\n')[^1]);
            problem = "";
            return (result.RootElement.GetProperty("torch").GetString()!, result.RootElement.GetProperty("msPerStep").GetDouble());
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            problem = $"{python} could not be started ({e.Message}); install python3-torch or pass --python.";
            return null;
        }
    }

    /// <summary>The script in the working directory or a directory above it, or above this program.</summary>
    private static string? FindScript()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                var candidate = Path.Combine(directory.FullName, Script);
                if (File.Exists(candidate)) return candidate;
            }
        }
        return null;
    }
}
