using UNet3D.Lab.Experiments.Runs;
using UNet3D.Lab.Silo.Grains;
using UNet3D.Lab.Silo.Models;
using UNet3D.Lab.Silo.Series;

namespace UNet3D.Lab.Silo.Tests;

/// <summary>Runs in any state without training: the test submits on a lab with no worker slots and plays the worker.</summary>
internal static class TestRuns
{
    public static ExperimentSpec Spec(string name, ModelKind model = ModelKind.ThreeD, bool batchNorm = true, string preset = "smoke") =>
        new() { Name = name, Model = model, BatchNorm = batchNorm, Preset = preset, Iterations = 10 };

    public static async Task<IExperimentGrain> Submit(IClusterClient client, ExperimentSpec spec)
    {
        var grain = client.GetGrain<IExperimentGrain>(ExperimentIds.New());
        await grain.Submit(spec);
        return grain;
    }

    public static async Task Start(IExperimentGrain grain) =>
        Assert.Equal(WorkerDirective.Continue, await grain.ReportStarted(1, "test worker", "cpu", 0));

    /// <summary>Starts the run, reports its 10 steps and completes it with these numbers.</summary>
    public static async Task Complete(IExperimentGrain grain, double meanIou, double finalLoss, double trainingSeconds)
    {
        await Start(grain);
        await grain.ReportProgress(1, [new SeriesBatch(MetricSeries.Loss, [.. Enumerable.Range(1, 10).Select(s => new SeriesPoint(s, 1.0 / s, s))])]);
        await grain.ReportCompleted(1, new ExperimentResult([], meanIou, [1], [1, 1, 1], 10, 0, 10, finalLoss, trainingSeconds, 0.1, "cpu"));
    }

    public static async Task Fail(IExperimentGrain grain)
    {
        await Start(grain);
        await grain.ReportFailed(1, "test failure");
    }
}
