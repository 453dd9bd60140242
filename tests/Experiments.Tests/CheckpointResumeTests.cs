using TorchSharp;
using UNet3D.Lab.Experiments.Runs;
using UNet3D.Lab.Experiments.Training;
using static TorchSharp.torch;

namespace UNet3D.Lab.Experiments.Tests;

public sealed class CheckpointResumeTests : IDisposable
{
    private static readonly ExperimentSpec Spec = new() { Model = ModelKind.ThreeD, Preset = "smoke", Seed = 4, Iterations = 12 };
    private readonly string folder = Path.Combine(Path.GetTempPath(), "unet3d-lab-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public void Resumed_run_continues_the_curve_exactly_where_it_stopped()
    {
        var uninterrupted = new List<double>();
        var straight = new ExperimentRunner(CPU).Run(Spec, p => uninterrupted.Add(p.Loss));

        // Stop after step 6 (as a crash would), keeping the checkpoint written at step 6.
        var path = Path.Combine(folder, "run.ckpt");
        using var stop = new CancellationTokenSource();
        var firstPart = new List<double>();
        Assert.ThrowsAny<OperationCanceledException>(() => new ExperimentRunner(CPU).Run(Spec, p =>
        {
            firstPart.Add(p.Loss);
            if (p.Step == 6) stop.Cancel();
        }, stop.Token, new CheckpointOptions(path, Interval: 3)));

        var checkpoint = TrainingCheckpoint.Load(path);
        Assert.Equal(6, checkpoint.Metadata.Step);
        Assert.Equal(firstPart, checkpoint.Metadata.Losses);

        var secondPart = new List<TrainingProgress>();
        var resumed = new ExperimentRunner(CPU).Run(Spec, secondPart.Add, resume: checkpoint);

        Assert.Equal(Enumerable.Range(7, 6), secondPart.Select(p => p.Step));
        Assert.Equal(uninterrupted, firstPart.Concat(secondPart.Select(p => p.Loss)));
        Assert.Equal(straight.Samples.Select(s => s.IoU), resumed.Samples.Select(s => s.IoU));
    }

    [Fact]
    public void Checkpoint_of_another_run_is_refused()
    {
        var path = Path.Combine(folder, "other.ckpt");
        new ExperimentRunner(CPU).Run(Spec with { Iterations = 2 }, checkpoints: new CheckpointOptions(path, 1));
        var error = Assert.Throws<InvalidOperationException>(() =>
            new ExperimentRunner(CPU).Run(Spec with { Seed = 99 }, resume: TrainingCheckpoint.Load(path)));
        Assert.Contains("different model, data or settings", error.Message);
    }

    [Fact]
    public void Truncated_or_foreign_files_are_rejected_with_the_file_named()
    {
        Directory.CreateDirectory(folder);
        var foreign = Path.Combine(folder, "notes.txt");
        File.WriteAllText(foreign, "not a checkpoint at all");
        Assert.Contains("notes.txt", Assert.Throws<InvalidDataException>(() => TrainingCheckpoint.Load(foreign)).Message);

        var path = Path.Combine(folder, "cut.ckpt");
        new ExperimentRunner(CPU).Run(Spec with { Iterations = 1 }, checkpoints: new CheckpointOptions(path, 1));
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..20]);
        Assert.Contains("cut.ckpt", Assert.Throws<InvalidDataException>(() => TrainingCheckpoint.Load(path)).Message);
    }

    [Fact]
    public void Learning_rate_schedules_start_at_the_base_rate_and_decay()
    {
        Assert.Equal(0.01, LearningRates.At(LearningRateSchedule.Cosine, 0.01, 1, 100), 12);
        Assert.Equal(0.0001, LearningRates.At(LearningRateSchedule.Cosine, 0.01, 100, 100), 12);
        Assert.Equal(0.01, LearningRates.At(LearningRateSchedule.Constant, 0.01, 100, 100), 12);
        var poly = Enumerable.Range(1, 100).Select(s => LearningRates.At(LearningRateSchedule.Polynomial, 1, s, 100)).ToArray();
        Assert.True(poly.Zip(poly.Skip(1)).All(p => p.First >= p.Second));
    }
}
