using Microsoft.Extensions.Options;
using UNet3D.Lab.Experiments.Training;
using UNet3D.Lab.Silo.Datasets;

namespace UNet3D.Lab.Silo.Workers;

/// <summary>
/// This silo's training slots, one <see cref="TrainingSlot"/> each. Each slot pulls the next job that fits its
/// device from the cluster's queue under a lease, trains it on a dedicated thread and streams the points of its
/// metric series (loss, learning rate, held-out IoU) back to the experiment grain (<see cref="LeasedTraining"/>).
/// </summary>
/// <remarks>
/// Runs as a silo lifecycle participant just above <see cref="ServiceLifecycleStage.Active"/>: the slots start
/// once the silo serves grains and stop before it deactivates them, so no slot keeps a grain busy during shutdown.
/// </remarks>
public sealed class TrainingWorkerPool(
    IGrainFactory grains,
    ILocalSiloDetails silo,
    DatasetStore datasets,
    IOptions<LabOptions> options,
    ILogger<TrainingWorkerPool> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly LabOptions lab = options.Value;
    private readonly CancellationTokenSource stopping = new();
    private Task running = Task.CompletedTask;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(TrainingWorkerPool), ServiceLifecycleStage.Active + 1, Start, Stop);

    private Task Start(CancellationToken cancellation)
    {
        if (lab.WorkerSlots < 1)
        {
            logger.LogInformation("Lab:WorkerSlots is {Slots}: this silo trains nothing", lab.WorkerSlots);
            return Task.CompletedTask;
        }
        // Chosen here, not in the slots: a device that cannot be had (cuda without a GPU) stops the silo's start
        // with that message instead of leaving experiments queued forever.
        var device = TorchDevices.Select(lab.Device);
        if (lab.TorchThreads < 0)
            throw new InvalidOperationException($"Lab:TorchThreads is {lab.TorchThreads}: give 1 or more libtorch threads per operation, or 0 for libtorch's choice.");
        logger.LogInformation("{Slots} training slot(s) on {Device}, {Threads} libtorch thread(s) per operation in each", lab.WorkerSlots,
            TorchDevices.Describe(device), lab.TorchThreads == 0 ? TorchThreads.Default : lab.TorchThreads);
        running = Task.Run(() => RunSlots(device, stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task Stop(CancellationToken cancellation)
    {
        await stopping.CancelAsync();
        try
        {
            // A slot stops within one training step; an interrupted experiment is queued again at the next start.
            await running.WaitAsync(cancellation);
        }
        catch (OperationCanceledException)
        {
            logger.LogWarning("Training slots did not stop before the silo's shutdown deadline");
        }
        stopping.Dispose();
    }

    private async Task RunSlots(TorchSharp.torch.Device device, CancellationToken stopping)
    {
        var address = silo.SiloAddress.ToParsableString();
        var slots = Enumerable.Range(1, lab.WorkerSlots)
            .Select(n => new TrainingSlot(new WorkerSlot($"{silo.Name}/slot{n}", address, TorchDevices.Describe(device)), device, grains, datasets, lab, logger))
            .Select(slot => SlotSupervisor.Supervise(slot.Slot.Worker, slot.Run, logger, stopping));
        await Task.WhenAll(slots);
    }
}
