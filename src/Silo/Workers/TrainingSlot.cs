using UNet3D.Lab.Silo.Datasets;
using UNet3D.Lab.Silo.Grains;
using static TorchSharp.torch;

namespace UNet3D.Lab.Silo.Workers;

/// <summary>
/// One training slot: asks the cluster's queue for a job that fits its device, trains it under a lease
/// (<see cref="LeasedTraining"/>) and asks again, until its silo stops.
/// </summary>
internal sealed class TrainingSlot(
    WorkerSlot slot,
    Device device,
    IGrainFactory grains,
    DatasetStore datasets,
    LabOptions lab,
    ILogger logger)
{
    public WorkerSlot Slot => slot;

    public async Task Run(CancellationToken stopping)
    {
        var queue = grains.GetGrain<ITrainingQueueGrain>(ITrainingQueueGrain.Key);
        while (!stopping.IsCancellationRequested)
        {
            JobLease? lease;
            try
            {
                lease = await queue.TryDequeue(slot);
            }
            catch (Exception e) when (!stopping.IsCancellationRequested)
            {
                // The silo may still be joining the cluster; try again shortly.
                logger.LogDebug(e, "Queue not reachable yet from {Worker}", slot.Worker);
                lease = null;
            }
            if (lease is null)
            {
                try { await Task.Delay(lab.WorkerPollInterval, stopping); }
                catch (OperationCanceledException) { break; }
                continue;
            }
            await new LeasedTraining(lease, device, grains, datasets, lab, logger).Run(stopping);
        }
        try
        {
            await queue.Detach(slot.Worker).WaitAsync(TimeSpan.FromSeconds(2), CancellationToken.None);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The primary may be going down with this silo; the count is only an estimate's divisor.
            logger.LogDebug(e, "Could not detach {Worker} from the queue", slot.Worker);
        }
    }
}
