using UNet3D.Lab.Experiments.Models;
using UNet3D.Lab.Experiments.Runs;
using UNet3D.Lab.Experiments.Training;
using static TorchSharp.torch;

namespace UNet3D.Lab.Experiments.Tests;

/// <summary><see cref="ExperimentSpec.StartFrom"/>: a run begins with the weights of another run's final checkpoint.</summary>
public sealed class StartFromCheckpointTests : IDisposable
{
    private static readonly ExperimentSpec Spec = new() { Model = ModelKind.ThreeD, Preset = "smoke", Seed = 4, Iterations = 4, EvaluateEvery = 0 };
    private readonly string folder = Path.Combine(Path.GetTempPath(), "unet3d-lab-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public void A_run_that_starts_from_another_begins_with_its_final_weights()
    {
        var first = Train(Spec, "first.ckpt");

        // One step at a learning rate far too small to move a weight: what the run ends with is what it started from.
        var still = Spec with { Seed = 7, Iterations = 1, LearningRate = 1e-12 };
        var continued = Train(still with { StartFrom = "first" }, "continued.ckpt", TrainingCheckpoint.Load(first));
        var fresh = Train(still, "fresh.ckpt");

        var trained = Parameters(first);
        Assert.True(MaxDifference(trained, Parameters(continued)) < 1e-6, "the continued run did not start from the first run's weights");
        Assert.True(MaxDifference(trained, Parameters(fresh)) > 1e-3, "a fresh run has the first run's weights: the comparison shows nothing");
    }

    [Fact]
    public void A_network_built_otherwise_or_a_missing_checkpoint_is_refused()
    {
        var first = Train(Spec with { Iterations = 1 }, "first.ckpt");
        var error = Assert.Throws<InvalidExperimentSpecException>(() =>
            new ExperimentRunner(CPU).Run(Spec with { BatchNorm = false, StartFrom = "first" }, startFrom: TrainingCheckpoint.Load(first)));
        Assert.Contains("startFrom", error.Message);
        var missing = Assert.Throws<InvalidOperationException>(() => new ExperimentRunner(CPU).Run(Spec with { StartFrom = "first" }));
        Assert.Contains("starts from 'first'", missing.Message);
        Assert.Contains(new ExperimentSpec { Model = ModelKind.ThreeD, StartFrom = "../x" }.Problems(), p => p.Field == "startFrom");
    }

    private string Train(ExperimentSpec spec, string name, TrainingCheckpoint? startFrom = null)
    {
        var path = Path.Combine(folder, name);
        new ExperimentRunner(CPU).Run(spec, checkpoints: new CheckpointOptions(path, Interval: 1000), startFrom: startFrom);
        return path;
    }

    private static float[][] Parameters(string checkpointPath)
    {
        var checkpoint = TrainingCheckpoint.Load(checkpointPath);
        using var model = UNetFactory.Create(checkpoint.Metadata.Model);
        checkpoint.Restore(model, optimizer: null);
        return [.. model.parameters().Select(p => p.data<float>().ToArray())];
    }

    private static double MaxDifference(float[][] a, float[][] b)
    {
        Assert.Equal(a.Length, b.Length);
        return a.Zip(b).Max(pair => pair.First.Zip(pair.Second).Max(v => Math.Abs(v.First - v.Second)));
    }
}
