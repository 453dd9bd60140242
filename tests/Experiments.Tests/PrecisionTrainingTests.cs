using TorchSharp;
using UNet3D.Lab.Experiments.Runs;
using UNet3D.Lab.Experiments.Training;
using static TorchSharp.torch;

namespace UNet3D.Lab.Experiments.Tests;

/// <summary>Whole runs in bf16 and fp16 on the CPU: they train, measure, and resume exactly.</summary>
public sealed class PrecisionTrainingTests : IDisposable
{
    private static readonly ExperimentSpec Smoke = new() { Model = ModelKind.ThreeD, Preset = "smoke", Seed = 4, Iterations = 8 };
    private readonly string folder = Path.Combine(Path.GetTempPath(), "unet3d-lab-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }

    [Theory]
    [InlineData(Precision.Bf16)]
    [InlineData(Precision.Fp16)]
    public void A_short_run_trains_and_measures_in_low_precision(Precision precision)
    {
        var curve = new List<double>();
        var result = new ExperimentRunner(CPU).Run(Smoke with { Precision = precision }, p => curve.Add(p.Loss));

        Assert.Equal(8, curve.Count);
        Assert.All(curve, loss => Assert.True(double.IsFinite(loss) && loss > 0, $"loss {loss}"));
        Assert.Equal(["S1", "S2", "S3"], result.Samples.Select(s => s.Sample));
        Assert.All(result.Samples, s => Assert.InRange(s.IoU, 0.0, 1.0));
        // Another precision is another computation: the curve is not float32's.
        var single = new List<double>();
        new ExperimentRunner(CPU).Run(Smoke, p => single.Add(p.Loss));
        Assert.NotEqual(single, curve);
    }

    [Fact]
    public void A_resumed_fp16_run_continues_the_curve_and_the_loss_scaler_exactly()
    {
        var spec = Smoke with { Precision = Precision.Fp16, Iterations = 10 };
        var straightPath = Path.Combine(folder, "straight.ckpt");
        var uninterrupted = new List<double>();
        new ExperimentRunner(CPU).Run(spec, p => uninterrupted.Add(p.Loss), checkpoints: new CheckpointOptions(straightPath, Interval: 5));

        var path = Path.Combine(folder, "run.ckpt");
        using var stop = new CancellationTokenSource();
        var firstPart = new List<double>();
        Assert.ThrowsAny<OperationCanceledException>(() => new ExperimentRunner(CPU).Run(spec, p =>
        {
            firstPart.Add(p.Loss);
            if (p.Step == 4) stop.Cancel();
        }, stop.Token, new CheckpointOptions(path, Interval: 4)));
        var checkpoint = TrainingCheckpoint.Load(path);
        Assert.Equal(new GradientScalerState(GradientScaler.DefaultInitialScale, 4), checkpoint.Metadata.GradientScaler);

        var secondPart = new List<double>();
        new ExperimentRunner(CPU).Run(spec, p => secondPart.Add(p.Loss), checkpoints: new CheckpointOptions(path, Interval: 5), resume: checkpoint);

        Assert.Equal(uninterrupted, firstPart.Concat(secondPart));
        // The growth tracker went on from 4, as the uninterrupted run's: a fresh scaler would have counted 6.
        Assert.Equal(TrainingCheckpoint.Load(straightPath).Metadata.GradientScaler, TrainingCheckpoint.Load(path).Metadata.GradientScaler);
    }

    [Fact]
    public void A_float32_run_writes_no_scaler_state_and_an_fp16_checkpoint_belongs_to_fp16_alone()
    {
        var path = Path.Combine(folder, "single.ckpt");
        new ExperimentRunner(CPU).Run(Smoke with { Iterations = 2 }, checkpoints: new CheckpointOptions(path, 1));
        Assert.Null(TrainingCheckpoint.Load(path).Metadata.GradientScaler);
        var error = Assert.Throws<InvalidOperationException>(() =>
            new ExperimentRunner(CPU).Run(Smoke with { Precision = Precision.Fp16 }, resume: TrainingCheckpoint.Load(path)));
        Assert.Contains("different model, data or settings", error.Message);
    }
}
