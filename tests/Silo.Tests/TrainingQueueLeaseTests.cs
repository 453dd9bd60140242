using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using UNet3D.Lab.Experiments.Runs;
using UNet3D.Lab.Silo.Grains;
using UNet3D.Lab.Silo.Models;

namespace UNet3D.Lab.Silo.Tests;

/// <summary>The queue's leases and device matching, with fake slots played by the test (the cluster trains nothing itself).</summary>
public sealed class TrainingQueueLeaseTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private static readonly WorkerSlot Cpu = new("elsewhere/slot1", "S10.0.0.9:11111:1", "cpu");
    private static readonly WorkerSlot Gpu = new("gpu-host/slot1", "S10.0.0.8:11111:1", "cuda:0");

    private static ExperimentSpec Spec(string preset = "smoke") =>
        new() { Name = "lease test", Model = ModelKind.ThreeD, Preset = preset, Iterations = 10, Seed = 3 };

    [Fact]
    public async Task Expired_lease_puts_the_job_back_at_the_front_under_a_new_attempt()
    {
        using var data = new TemporaryDirectory();
        await using var cluster = await LabClusterFactory.StartAsync(data.Path, workerSlots: 0, configure: o => o.LeaseDuration = TimeSpan.FromSeconds(1));
        var (queue, first) = (Queue(cluster), ExperimentIds.New());
        var second = ExperimentIds.New();
        await Grain(cluster, first).Submit(Spec());
        await Grain(cluster, second).Submit(Spec());

        var lease = await queue.TryDequeue(Cpu);
        Assert.Equal((first, 1, Cpu), (lease!.Job.ExperimentId, lease.Job.Attempt, lease.Holder));
        Assert.Equal([second], await queue.Pending());

        // Never renewed: the queue takes it back by itself.
        await Until(async () => (await queue.Pending()).Length == 2);
        Assert.Equal([first, second], await queue.Pending());
        Assert.Empty(await queue.Leases());
        var snapshot = await Grain(cluster, first).Get();
        Assert.Equal((ExperimentStatus.Queued, 2), (snapshot!.Status, snapshot.Attempt));
        Assert.Equal(WorkerDirective.Stop, await queue.Renew(first, 1, Cpu.Worker));
        Assert.Equal(2, (await queue.TryDequeue(Gpu))!.Job.Attempt);
    }

    [Fact]
    public async Task Renewal_keeps_the_lease_of_its_holder_only_and_tells_a_worker_that_lost_it_to_stop()
    {
        using var data = new TemporaryDirectory();
        await using var cluster = await LabClusterFactory.StartAsync(data.Path, workerSlots: 0);
        var (queue, id) = (Queue(cluster), ExperimentIds.New());
        await Grain(cluster, id).Submit(Spec());
        await queue.TryDequeue(Cpu);

        Assert.Equal(WorkerDirective.Continue, await queue.Renew(id, 1, Cpu.Worker));
        Assert.Equal(WorkerDirective.Stop, await queue.Renew(id, 1, Gpu.Worker));
        Assert.Equal(WorkerDirective.Stop, await queue.Renew(id, 2, Cpu.Worker));

        Assert.Equal(1, await queue.SiloDied(Cpu.Silo));
        Assert.Equal(WorkerDirective.Stop, await queue.Renew(id, 1, Cpu.Worker));
        await Until(async () => (await queue.Pending()).Contains(id));
        Assert.Equal(2, (await Grain(cluster, id).Get())!.Attempt);
        // The lost attempt's reports are refused too: two slots never record one run.
        Assert.Equal(WorkerDirective.Stop, await Grain(cluster, id).ReportStarted(1, Cpu.Worker, "cpu", 0));
    }

    [Fact]
    public async Task Cancel_of_a_run_whose_silo_died_completes()
    {
        using var data = new TemporaryDirectory();
        await using var cluster = await LabClusterFactory.StartAsync(data.Path, workerSlots: 0);
        var (queue, id) = (Queue(cluster), ExperimentIds.New());
        var experiment = Grain(cluster, id);
        await experiment.Submit(Spec());
        await queue.TryDequeue(Cpu);
        Assert.Equal(WorkerDirective.Continue, await experiment.ReportStarted(1, Cpu.Worker, "cpu", 0));
        var asked = await experiment.Cancel();
        Assert.Equal((ExperimentStatus.Running, true), (asked!.Status, asked.CancelRequested));

        await queue.SiloDied(Cpu.Silo);
        await Until(async () => (await experiment.Get())!.IsFinished);
        Assert.Equal(ExperimentStatus.Cancelled, (await experiment.Get())!.Status);
        Assert.Empty(await queue.Pending());
    }

    [Fact]
    public async Task Paper_runs_wait_for_a_gpu_slot_while_the_rest_run_anywhere()
    {
        using var data = new TemporaryDirectory();
        await using var cluster = await LabClusterFactory.StartAsync(data.Path, workerSlots: 0);
        var queue = Queue(cluster);
        var (paper, smoke, cpu) = (ExperimentIds.New(), ExperimentIds.New(), ExperimentIds.New());
        await Grain(cluster, paper).Submit(Spec("paper"));
        await Grain(cluster, smoke).Submit(Spec());
        await Grain(cluster, cpu).Submit(Spec("cpu"));

        Assert.Equal(smoke, (await queue.TryDequeue(Cpu))!.Job.ExperimentId);
        Assert.Equal(cpu, (await queue.TryDequeue(Cpu with { Worker = "elsewhere/slot2" }))!.Job.ExperimentId);
        Assert.Null(await queue.TryDequeue(Cpu with { Worker = "elsewhere/slot3" }));
        Assert.Equal([paper], await queue.Pending());
        Assert.Equal(paper, (await queue.TryDequeue(Gpu))!.Job.ExperimentId);
        Assert.Equal(["cpu", "cuda:0"], (await queue.Workers()).Select(w => w.Device).Distinct().Order());
    }

    [Fact]
    public async Task Job_of_a_silo_that_stops_returns_when_membership_declares_it_dead()
    {
        using var data = new TemporaryDirectory();
        var builder = new InProcessTestClusterBuilder(2);
        builder.ConfigureSilo((_, silo) =>
        {
            Hosting.LabSiloHostingExtensions.AddLabServices(silo);
            silo.Services.Configure<LabOptions>(o => { o.DataDirectory = data.Path; o.WorkerSlots = 0; });
        });
        builder.ConfigureClient(client => Hosting.LabSerialization.AddLabSerialization(client.Services));
        await using var cluster = builder.Build();
        await cluster.DeployAsync();
        var (queue, id) = (Queue(cluster), ExperimentIds.New());
        await Grain(cluster, id).Submit(Spec());
        // A slot of the other silo holds the job; the queue lives on the primary, the oldest (as the placement chooses it).
        var second = cluster.Silos.OrderBy(s => s.SiloAddress.Generation).ThenBy(s => s.SiloAddress.ToParsableString(), StringComparer.Ordinal).Last();
        await queue.TryDequeue(Cpu with { Silo = second.SiloAddress.ToParsableString() });

        await cluster.StopSiloAsync(second);
        await Until(async () => (await queue.Pending()).Contains(id));
        Assert.Empty(await queue.Leases());
        Assert.Equal(2, (await Grain(cluster, id).Get())!.Attempt);
    }

    private static ITrainingQueueGrain Queue(InProcessTestCluster cluster) => cluster.Client.GetGrain<ITrainingQueueGrain>(ITrainingQueueGrain.Key);

    private static IExperimentGrain Grain(InProcessTestCluster cluster, string id) => cluster.Client.GetGrain<IExperimentGrain>(id);

    private static async Task Until(Func<Task<bool>> condition)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (!await condition()) await Task.Delay(50, timeout.Token);
    }
}
