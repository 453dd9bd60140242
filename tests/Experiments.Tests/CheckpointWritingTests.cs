using UNet3D.Lab.Experiments.Runs;
using UNet3D.Lab.Experiments.Training;
using static TorchSharp.torch;

namespace UNet3D.Lab.Experiments.Tests;

public sealed class CheckpointWritingTests : IDisposable
{
    private static readonly ExperimentSpec Spec = new() { Model = ModelKind.ThreeD, Preset = "smoke", Seed = 4, Iterations = 6 };
    private readonly string folder = Path.Combine(Path.GetTempPath(), "unet3d-lab-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public void New_checkpoint_is_whole_on_disk_before_it_replaces_the_previous_one_and_only_after_its_steps_were_reported()
    {
        var path = Path.Combine(folder, "run.ckpt");
        var reported = 0;
        var seen = new List<(int Step, int Reported, int? OnDisk, int Temporary)>();
        new ExperimentRunner(CPU).Run(Spec, p => reported = p.Step, checkpoints: new CheckpointOptions(path, 2, step =>
        {
            var temporary = Directory.GetFiles(folder, "run.ckpt.*.partial");
            // The new one reads back whole already; the path still holds the previous one.
            Assert.Equal(step, TrainingCheckpoint.Load(Assert.Single(temporary)).Metadata.Step);
            seen.Add((step, reported, File.Exists(path) ? TrainingCheckpoint.Load(path).Metadata.Step : null, temporary.Length));
        }));

        Assert.Equal([(2, 2, null, 1), (4, 4, 2, 1), (6, 6, 4, 1)], seen);
        Assert.Equal(6, TrainingCheckpoint.Load(path).Metadata.Step);
        Assert.Equal(["run.ckpt"], Directory.GetFiles(folder).Select(Path.GetFileName));
    }

    [Fact]
    public void Refused_commit_keeps_the_previous_checkpoint_and_leaves_no_temporary_file()
    {
        var path = Path.Combine(folder, "run.ckpt");
        var refusal = new OperationCanceledException("points not stored");
        var thrown = Assert.Throws<OperationCanceledException>(() => new ExperimentRunner(CPU).Run(Spec,
            checkpoints: new CheckpointOptions(path, 2, step => { if (step == 4) throw refusal; })));

        Assert.Same(refusal, thrown);
        Assert.Equal(2, TrainingCheckpoint.Load(path).Metadata.Step);
        Assert.Equal(["run.ckpt"], Directory.GetFiles(folder).Select(Path.GetFileName));
    }

    [Fact]
    public void Completed_run_prunes_what_crashed_writers_left_and_keeps_its_final_checkpoint()
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "run.ckpt");
        var leftover = Path.Combine(folder, "run.ckpt.0123abcd.partial");
        var otherRuns = Path.Combine(folder, "other.ckpt.0123abcd.partial");
        File.WriteAllText(leftover, "half a checkpoint");
        File.WriteAllText(otherRuns, "another run's half");

        new ExperimentRunner(CPU).Run(Spec, checkpoints: new CheckpointOptions(path, 4));

        Assert.Equal(["other.ckpt.0123abcd.partial", "run.ckpt"], Directory.GetFiles(folder).Select(Path.GetFileName).Order());
        Assert.Equal(Spec.Iterations, TrainingCheckpoint.Load(path).Metadata.Step);
        Assert.Equal(1, TrainingCheckpoint.Prune(Path.Combine(folder, "other.ckpt")));
        Assert.Equal(0, TrainingCheckpoint.Prune(path));
    }
}
