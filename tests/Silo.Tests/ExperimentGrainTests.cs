using Orleans.TestingHost;
using UNet3D.Lab.Experiments.Data;
using UNet3D.Lab.Experiments.Runs;
using UNet3D.Lab.Silo.Grains;
using UNet3D.Lab.Silo.Models;
using UNet3D.Lab.Silo.Runs;
using UNet3D.Lab.Silo.Series;

namespace UNet3D.Lab.Silo.Tests;

public sealed class ExperimentGrainTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private static ExperimentSpec Smoke(int iterations) =>
        new() { Name = "grain test", Model = ModelKind.ThreeD, Preset = "smoke", Iterations = iterations, Seed = 3 };

    [Fact]
    public async Task Experiment_goes_from_queued_through_running_to_completed_recording_its_series()
    {
        using var data = new TemporaryDirectory();
        await using var cluster = await LabClusterFactory.StartAsync(data.Path);
        var id = ExperimentIds.New();
        var grain = cluster.Client.GetGrain<IExperimentGrain>(id);

        var submitted = await grain.Submit(Smoke(30) with { EvaluateEvery = 12 });
        Assert.Equal(ExperimentStatus.Queued, submitted.Status);
        Assert.Equal(30, submitted.TotalSteps);

        var seen = new HashSet<ExperimentStatus>();
        var final = await WaitFor(grain, s => s.IsFinished, s => seen.Add(s.Status));
        Assert.Equal(ExperimentStatus.Completed, final.Status);
        Assert.Contains(ExperimentStatus.Running, seen);
        Assert.Equal(30, final.Step);
        Assert.NotNull(final.Metrics);
        Assert.Equal(["S1", "S2", "S3"], final.Metrics.Samples.Select(s => s.Sample));
        Assert.All(final.Metrics.Samples, s => Assert.InRange(s.IoU, 0, 1));
        Assert.NotNull(final.StartedAt);
        Assert.NotNull(final.FinishedAt);

        // Loss and learning rate every step; the held-out IoU every 12 steps and after the last, the last point being the metrics.
        var names = (await grain.ListSeries())!.Select(s => s.Name).ToArray();
        Assert.Equal(["learningRate", "loss", "validationIou", "validationIou/background", "validationIou/inside-tubule", "validationIou/tubule"], names);
        var loss = (await grain.ReadSeries(MetricSeries.Loss, null, null, 1000))!;
        Assert.Equal(Enumerable.Range(1, 30), loss.Points.Select(p => p.Step));
        Assert.Equal(final.LastLoss, loss.Points[^1].Value);
        Assert.Equal(final.Metrics.FinalLoss, loss.Points[^1].Value, 6);
        var rates = (await grain.ReadSeries(MetricSeries.LearningRate, null, null, 1000))!;
        Assert.All(rates.Points, p => Assert.Equal(0.005, p.Value)); // the smoke preset's constant rate
        var validation = (await grain.ReadSeries(MetricSeries.ValidationIou, null, null, 1000))!;
        Assert.Equal([12, 24, 30], validation.Points.Select(p => p.Step));
        Assert.All(validation.Points, p => Assert.InRange(p.Value, 0, 1));
        Assert.Equal(final.Metrics.MeanIoU, validation.Points[^1].Value);
        Assert.Equal(validation.Points.Max(p => p.Value), final.BestValidationIou);
        var tubule = (await grain.ReadSeries(MetricSeries.ValidationIouOf(SegmentationLabels.Tubule), null, null, 1000))!;
        Assert.Equal(validation.Points, tubule.Points); // the headline is the tubule class alone
        Assert.True(validation.Points.Zip(validation.Points.Skip(1)).All(p => p.First.Seconds <= p.Second.Seconds), "seconds since the start rise with the step");

        Assert.Null(await cluster.Client.GetGrain<IExperimentGrain>(ExperimentIds.New()).ListSeries());
        Assert.Null(await grain.ReadSeries("noSuchSeries", null, null, 10));

        var row = Assert.Single((await cluster.Client.GetGrain<IRunCatalogGrain>(IRunCatalogGrain.Key).Query(RunQuery.Default)).Items);
        Assert.Equal((id, ExperimentStatus.Completed, 30), (row.Id, row.Status, row.Step));
        Assert.Equal((final.Metrics.MeanIoU, final.BestValidationIou), (row.MeanIou, row.BestValidationIou));
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
            Assert.Equal((before.Step, before.LastLoss, before.BestValidationIou), (after.Step, after.LastLoss, after.BestValidationIou));
            Assert.Equal(12, (await restarted.Client.GetGrain<IExperimentGrain>(id).ReadSeries(MetricSeries.Loss, null, null, 100))!.Total);
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
        Assert.Equal(Enumerable.Range(1, 8), (await restarted.Client.GetGrain<IExperimentGrain>(id).ReadSeries(MetricSeries.Loss, null, null, 100))!.Points.Select(p => p.Step));
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
        var grain2 = restarted.Client.GetGrain<IExperimentGrain>(id);
        var final = await WaitFor(grain2, s => s.IsFinished);
        Assert.Equal(ExperimentStatus.Completed, final.Status);
        Assert.Equal(2, final.Attempt);
        // The worker went back to its checkpoint and sent those steps again: each is stored once, one unbroken curve 1..40.
        var loss = (await grain2.ReadSeries(MetricSeries.Loss, null, null, 1000))!;
        Assert.Equal(Enumerable.Range(1, 40), loss.Points.Select(p => p.Step));
        Assert.Equal(40, loss.Total);
        Assert.Equal(40, (await grain2.ReadSeries(MetricSeries.LearningRate, null, null, 1000))!.Total);
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
