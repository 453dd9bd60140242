using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using UNet3D.Lab.Experiments.Training;
using UNet3D.Lab.Silo.Datasets;
using UNet3D.Lab.Silo.Grains;
using UNet3D.Lab.Silo.Series;

namespace UNet3D.Lab.Silo.Workers;

/// <summary>
/// This silo's training slots. Each slot pulls the next job from the cluster's queue, trains it on a dedicated
/// thread (never on an Orleans scheduler thread) and streams the points of its metric series (loss, learning rate,
/// held-out IoU) back to the experiment grain, which answers with continue or stop.
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
        var slots = Enumerable.Range(1, lab.WorkerSlots).Select(slot => RunSlot(slot, device, stopping));
        await Task.WhenAll(slots);
    }

    private async Task RunSlot(int slot, TorchSharp.torch.Device device, CancellationToken stopping)
    {
        var worker = $"{silo.Name}/slot{slot}";
        var queue = grains.GetGrain<ITrainingQueueGrain>(ITrainingQueueGrain.Key);
        while (!stopping.IsCancellationRequested)
        {
            TrainingJob? job;
            try
            {
                job = await queue.TryDequeue(worker);
            }
            catch (Exception e) when (!stopping.IsCancellationRequested)
            {
                // The silo may still be joining the cluster; try again shortly.
                logger.LogDebug(e, "Queue not reachable yet from {Worker}", worker);
                job = null;
            }
            if (job is null)
            {
                try { await Task.Delay(lab.WorkerPollInterval, stopping); }
                catch (OperationCanceledException) { break; }
                continue;
            }
            await Train(job, worker, device, stopping);
        }
        try
        {
            await queue.Detach(worker).WaitAsync(TimeSpan.FromSeconds(2), CancellationToken.None);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The primary may be going down with this silo; the count is only an estimate's divisor.
            logger.LogDebug(e, "Could not detach {Worker} from the queue", worker);
        }
    }

    private async Task Train(TrainingJob job, string worker, TorchSharp.torch.Device device, CancellationToken stopping)
    {
        var experiment = grains.GetGrain<IExperimentGrain>(job.ExperimentId);
        var checkpointPath = lab.CheckpointPath(job.ExperimentId);
        var resume = LoadCheckpoint(job, checkpointPath);
        var resumedFrom = resume?.Metadata.Step ?? 0;
        if (await experiment.ReportStarted(job.Attempt, worker, TorchDevices.Describe(device), resumedFrom) == WorkerDirective.Stop) return;
        if (resume is not null) logger.LogInformation("Experiment {ExperimentId} continues from its checkpoint at step {Step}", job.ExperimentId, resumedFrom);
        var checkpoints = lab.CheckpointInterval > 0 ? new CheckpointOptions(checkpointPath, lab.CheckpointInterval) : null;

        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var pending = new ConcurrentQueue<(string Name, SeriesPoint Point)>();
        var training = Task.Factory.StartNew(
            // Each run sets libtorch's thread count on its own thread: the numbers depend on it.
            () => new ExperimentRunner(device, datasets, lab.TorchThreads).Run(job.Config,
                p => { foreach (var point in MetricSeries.Of(p)) pending.Enqueue(point); }, cancel.Token, checkpoints, resume),
            cancel.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        while (!training.IsCompleted)
        {
            await Task.WhenAny(training, Task.Delay(lab.ProgressInterval, CancellationToken.None));
            if (await Flush(experiment, job, pending) == WorkerDirective.Stop) cancel.Cancel();
        }
        await Flush(experiment, job, pending);

        try
        {
            var result = await training;
            await experiment.ReportCompleted(job.Attempt, result);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The silo is shutting down: the experiment stays "running" and is queued again at the next start.
            logger.LogInformation("Silo stopping; experiment {ExperimentId} will restart with the lab", job.ExperimentId);
        }
        catch (OperationCanceledException)
        {
            await experiment.ReportCancelled(job.Attempt);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Experiment {ExperimentId} failed on {Worker}", job.ExperimentId, worker);
            await experiment.ReportFailed(job.Attempt, $"{e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>The experiment's checkpoint when one exists and can be read; a stale or broken one is set aside.</summary>
    private TrainingCheckpoint? LoadCheckpoint(TrainingJob job, string path)
    {
        if (!File.Exists(path)) return null;
        try
        {
            var checkpoint = TrainingCheckpoint.Load(path);
            if (checkpoint.Metadata.Step < checkpoint.Metadata.TotalSteps) return checkpoint;
        }
        catch (InvalidDataException e)
        {
            logger.LogWarning("Ignoring checkpoint of {ExperimentId}: {Reason}", job.ExperimentId, e.Message);
        }
        return null;
    }

    private async Task<WorkerDirective> Flush(IExperimentGrain experiment, TrainingJob job, ConcurrentQueue<(string Name, SeriesPoint Point)> pending)
    {
        var points = new List<(string Name, SeriesPoint Point)>();
        while (pending.TryDequeue(out var point)) points.Add(point);
        try
        {
            return await experiment.ReportProgress(job.Attempt, MetricSeries.Batches(points));
        }
        catch (Exception e)
        {
            // Losing a progress report is harmless; the next one carries on from the grain's last step.
            logger.LogWarning(e, "Progress report for {ExperimentId} failed", job.ExperimentId);
            foreach (var point in points) pending.Enqueue(point);
            return WorkerDirective.Continue;
        }
    }
}
