using Orleans.TestingHost;
using UNet3D.Lab.Experiments.Runs;
using UNet3D.Lab.Silo.Grains;
using UNet3D.Lab.Silo.Models;
using UNet3D.Lab.Silo.Runs;

namespace UNet3D.Lab.Silo.Tests;

public sealed class ExperimentGrainTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private static ExperimentSpec Smoke(int iterations) =>
        new() { Name = "grain test", Model = ModelKind.ThreeD, Preset = "smoke", Iterations = iterations, Seed = 3 };

    [Fact]
    public async Task Experiment_goes_from_queued_through_running_to_completed()
    {
        using var data = new TemporaryDirectory();
        await using var cluster = await LabClusterFactory.StartAsync(data.Path);
        var id = ExperimentIds.New();
        var grain = cluster.Client.GetGrain<IExperimentGrain>(id);

        var submitted = await grain.Submit(Smoke(30));
        Assert.Equal(ExperimentStatus.Queued, submitted.Status);
        Assert.Equal(30, submitted.TotalSteps);

        var seen = new HashSet<ExperimentStatus>();
        var final = await WaitFor(grain, s => s.IsFinished, s => seen.Add(s.Status));
        Assert.Equal(ExperimentStatus.Completed, final.Status);
        Assert.Contains(ExperimentStatus.Running, seen);
        Assert.Equal(30, final.Step);
        Assert.Equal(Enumerable.Range(1, 30), final.Curve.Select(p => p.Step));
        Assert.NotNull(final.Metrics);
        Assert.Equal(["S1", "S2", "S3"], final.Metrics.Samples.Select(s => s.Sample));
        Assert.All(final.Metrics.Samples, s => Assert.InRange(s.IoU, 0, 1));
        Assert.NotNull(final.StartedAt);
        Assert.NotNull(final.FinishedAt);

        var row = Assert.Single((await cluster.Client.GetGrain<IRunCatalogGrain>(IRunCatalogGrain.Key).Query(RunQuery.Default)).Items);
        Assert.Equal((id, ExperimentStatus.Completed, 30), (row.Id, row.Status, row.Step));
        Assert.Equal(final.Metrics.MeanIoU, row.MeanIou);
    }

    [Fact]
    public async Task Running_experiment_can_be_cancelled()
    {
        using var data = new TemporaryDirectory();
        await using var cluster = await LabClusterFactory.StartAsync(data.Path);
        var grain = cluster.Client.GetGrain<IExperimentGrain>(ExperimentIds.New());
        await grain.Submit(Smoke(100_000));
        await WaitFor(grain, s => s.Status == ExperimentStatus.Running && s.Step > 0);

        await grain.Cancel();
        var final = await WaitFor(grain, s => s.IsFinished);
        Assert.Equal(ExperimentStatus.Cancelled, final.Status);
        Assert.InRange(final.Step, 1, 99_999);
        Assert.Null(final.Metrics);
    }

    [Fact]
    public async Task Queued_experiment_is_cancelled_at_once_and_leaves_the_queue()
    {
        using var data = new TemporaryDirectory();
        await using var cluster = await LabClusterFactory.StartAsync(data.Path, workerSlots: 0);
        var id = ExperimentIds.New();
        var grain = cluster.Client.GetGrain<IExperimentGrain>(id);
        await grain.Submit(Smoke(10));
        var queue = cluster.Client.GetGrain<ITrainingQueueGrain>(ITrainingQueueGrain.Key);
        Assert.Equal([id], await queue.Pending());

        var cancelled = await grain.Cancel();
        Assert.Equal(ExperimentStatus.Cancelled, cancelled!.Status);
        Assert.Empty(await queue.Pending());
    }

    [Fact]
    public async Task Invalid_config_is_rejected_naming_the_field_and_stores_nothing()
    {
        using var data = new TemporaryDirectory();
        await using var cluster = await LabClusterFactory.StartAsync(data.Path, workerSlots: 0);
        var grain = cluster.Client.GetGrain<IExperimentGrain>(ExperimentIds.New());
        var error = await Assert.ThrowsAsync<ArgumentException>(() => grain.Submit(Smoke(10) with { Preset = "huge" }));
        Assert.Contains("preset", error.Message);
        Assert.Null(await grain.Get());
        Assert.Equal(0, (await cluster.Client.GetGrain<IRunCatalogGrain>(IRunCatalogGrain.Key).Query(RunQuery.Default)).Total);
    }

    [Fact]
    public async Task Completed_experiment_survives_a_silo_restart_unchanged()
    {
        using var data = new TemporaryDirectory();
        var id = ExperimentIds.New();
        ExperimentSnapshot before;
        await using (var cluster = await LabClusterFactory.StartAsync(data.Path))
        {
            var grain = cluster.Client.GetGrain<IExperimentGrain>(id);
            await grain.Submit(Smoke(12));
            before = await WaitFor(grain, s => s.IsFinished);
            Assert.Equal(ExperimentStatus.Completed, before.Status);
        }

        await using (var restarted = await LabClusterFactory.StartAsync(data.Path))
        {
            var after = await restarted.Client.GetGrain<IExperimentGrain>(id).Get();
            Assert.NotNull(after);
            Assert.Equal(before.Status, after.Status);
            Assert.Equal(before.Curve, after.Curve);
            Assert.Equal(before.Metrics!.MeanIoU, after.Metrics!.MeanIoU);
            Assert.Equal(before.Metrics.Samples.Select(s => s.IoU), after.Metrics.Samples.Select(s => s.IoU));
            Assert.Equal(before.FinishedAt, after.FinishedAt);
            var rows = (await restarted.Client.GetGrain<IRunCatalogGrain>(IRunCatalogGrain.Key).Query(RunQuery.Default)).Items;
            Assert.Equal([id], rows.Select(r => r.Id));
        }
    }

    [Fact]
    public async Task Experiment_queued_when_the_lab_stopped_runs_after_the_restart()
    {
        using var data = new TemporaryDirectory();
        var id = ExperimentIds.New();
        await using (var idle = await LabClusterFactory.StartAsync(data.Path, workerSlots: 0))
        {
            await idle.Client.GetGrain<IExperimentGrain>(id).Submit(Smoke(8));
        }

        await using var restarted = await LabClusterFactory.StartAsync(data.Path);
        var final = await WaitFor(restarted.Client.GetGrain<IExperimentGrain>(id), s => s.IsFinished);
        Assert.Equal(ExperimentStatus.Completed, final.Status);
        Assert.Equal(8, final.Curve.Length);
    }

    [Fact]
    public async Task Experiment_running_when_the_lab_stopped_continues_from_its_checkpoint()
    {
        using var data = new TemporaryDirectory();
        var id = ExperimentIds.New();
        ExperimentSnapshot interrupted;
        await using (var cluster = await LabClusterFactory.StartAsync(data.Path, checkpointInterval: 5))
        {
            var grain = cluster.Client.GetGrain<IExperimentGrain>(id);
            await grain.Submit(Smoke(40));
            interrupted = await WaitFor(grain, s => s.Step >= 12);
        }
        Assert.Equal(ExperimentStatus.Running, interrupted.Status);

        await using var restarted = await LabClusterFactory.StartAsync(data.Path, checkpointInterval: 5);
        var final = await WaitFor(restarted.Client.GetGrain<IExperimentGrain>(id), s => s.IsFinished);
        Assert.Equal(ExperimentStatus.Completed, final.Status);
        Assert.Equal(2, final.Attempt);
        // One unbroken curve 1..40, and the steps up to the checkpoint are the ones recorded before the stop.
        Assert.Equal(Enumerable.Range(1, 40), final.Curve.Select(p => p.Step));
        var checkpointed = interrupted.Step / 5 * 5;
        Assert.Equal(interrupted.Curve.Take(checkpointed).Select(p => p.Loss), final.Curve.Take(checkpointed).Select(p => p.Loss));
        // Steps retrained after the checkpoint reproduce the lost ones exactly (per-step random streams).
        Assert.Equal(interrupted.Curve.Select(p => p.Loss), final.Curve.Take(interrupted.Curve.Length).Select(p => p.Loss));
    }

    [Fact]
    public async Task Asking_for_a_gpu_where_none_exists_stops_the_silo_with_that_message()
    {
        using var data = new TemporaryDirectory();
        var error = await Assert.ThrowsAnyAsync<Exception>(() => LabClusterFactory.StartAsync(data.Path, device: "cuda"));
        Assert.Contains("CUDA is not available", error.ToString());
    }

    private static async Task<ExperimentSnapshot> WaitFor(IExperimentGrain grain, Func<ExperimentSnapshot, bool> condition, Action<ExperimentSnapshot>? observe = null)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (true)
        {
            var snapshot = await grain.Get() ?? throw new InvalidOperationException("experiment vanished");
            observe?.Invoke(snapshot);
            if (condition(snapshot)) return snapshot;
            await Task.Delay(50, timeout.Token);
        }
    }
}
