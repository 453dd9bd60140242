using System.Collections.Concurrent;
using Polly;
using UNet3D.Lab.Experiments.Training;
using UNet3D.Lab.Silo.Datasets;
using UNet3D.Lab.Silo.Grains;
using UNet3D.Lab.Silo.Series;
using static TorchSharp.torch;

namespace UNet3D.Lab.Silo.Workers;

/// <summary>
/// One job on one slot: trains it on a dedicated thread (never on an Orleans scheduler thread), streams its metric
/// series to the experiment grain, renews the lease every third of its term and stops when the experiment or the
/// queue says so. Every report is retried with backoff; the outcome of a finished training is retried until it
/// is delivered.
/// </summary>
/// <remarks>
/// Exactly-once series: a checkpoint replaces the previous one only after the experiment has stored the points of
/// every step up to it (<see cref="CheckpointCommits"/>), and a run that resumes from a checkpoint has the points
/// after it removed (<see cref="IExperimentGrain.ReportStarted"/>) before it sends those steps again.
/// </remarks>
internal sealed class LeasedTraining(JobLease lease, Device device, IGrainFactory grains, DatasetStore datasets, LabOptions lab, ILogger logger)
{
    private readonly TrainingJob job = lease.Job;
    private readonly string worker = lease.Holder.Worker;
    private readonly IExperimentGrain experiment = grains.GetGrain<IExperimentGrain>(lease.Job.ExperimentId);
    private readonly ITrainingQueueGrain queue = grains.GetGrain<ITrainingQueueGrain>(ITrainingQueueGrain.Key);
    private readonly ResiliencePipeline reports = GrainRetries.Reports(logger);
    private readonly ResiliencePipeline outcomes = GrainRetries.Outcomes(logger);
    private readonly ConcurrentQueue<(string Name, SeriesPoint Point)> pending = new();
    private readonly CheckpointCommits commits = new();
    private bool leaseLost;
    private bool flushFailing;

    public async Task Run(CancellationToken stopping)
    {
        var checkpointPath = lab.CheckpointPath(job.ExperimentId);
        var resume = LoadCheckpoint(checkpointPath);
        var resumedFrom = resume?.Metadata.Step ?? 0;
        WorkerDirective start;
        try
        {
            start = await reports.ExecuteAsync(async _ => await experiment.ReportStarted(job.Attempt, worker, TorchDevices.Describe(device), resumedFrom), stopping);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The lease expires and the job goes back to the queue for another slot.
            logger.LogError(e, "Experiment {ExperimentId} could not be started on {Worker}", job.ExperimentId, worker);
            return;
        }
        catch (OperationCanceledException)
        {
            await Abandon();
            return;
        }
        if (start == WorkerDirective.Stop)
        {
            await Release();
            return;
        }
        if (resume is not null) logger.LogInformation("Experiment {ExperimentId} continues from its checkpoint at step {Step}", job.ExperimentId, resumedFrom);

        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var checkpoints = lab.CheckpointInterval > 0
            ? new CheckpointOptions(checkpointPath, lab.CheckpointInterval, _ => commits.WaitUntilStored(cancel.Token))
            : null;
        var training = Task.Factory.StartNew(
            // Each run sets libtorch's thread count on its own thread: the numbers depend on it.
            () => new ExperimentRunner(device, datasets, lab.TorchThreads).Run(job.Config,
                p => { foreach (var point in MetricSeries.Of(p)) pending.Enqueue(point); }, cancel.Token, checkpoints, resume, StartingCheckpoint()),
            cancel.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        try
        {
            await Follow(training, cancel);
        }
        finally
        {
            // Whatever happened here, the training thread stops before the slot takes another job.
            if (!training.IsCompleted) await cancel.CancelAsync();
            await Task.WhenAny(training);
        }
        await Finish(training, stopping);
    }

    /// <summary>The final checkpoint of the run this one starts from (<see cref="ExperimentSpec.StartFrom"/>), if any.</summary>
    private TrainingCheckpoint? StartingCheckpoint()
    {
        if (job.Config.StartFrom is not { } previous) return null;
        var path = lab.CheckpointPath(previous);
        if (!File.Exists(path))
            throw new InvalidOperationException($"Experiment '{previous}', which this run starts from, has no checkpoint at {path} (deleted, or written on another machine).");
        return TrainingCheckpoint.Load(path);
    }

    /// <summary>While the training runs: flush its points, answer its checkpoint commits, renew the lease.</summary>
    private async Task Follow(Task training, CancellationTokenSource cancel)
    {
        var renewal = DateTimeOffset.UtcNow + lease.Term / 3;
        while (!training.IsCompleted)
        {
            await Task.WhenAny(training, Task.Delay(lab.ProgressInterval, CancellationToken.None), commits.Asked);
            var request = commits.Pending();
            var (delivered, directive) = await Flush();
            if (delivered) commits.Answer(request, directive == WorkerDirective.Continue);
            if (directive == WorkerDirective.Stop) await cancel.CancelAsync();
            if (DateTimeOffset.UtcNow >= renewal && !cancel.IsCancellationRequested)
            {
                renewal = DateTimeOffset.UtcNow + lease.Term / 3;
                if (await Renew() == WorkerDirective.Stop)
                {
                    leaseLost = true;
                    logger.LogWarning("Experiment {ExperimentId} is no longer leased to {Worker}: stopping it here", job.ExperimentId, worker);
                    await cancel.CancelAsync();
                }
            }
        }
    }

    private async Task Finish(Task<ExperimentResult> training, CancellationToken stopping)
    {
        try
        {
            var result = await training;
            // Every point first, then the result: the series are whole when the run shows completed.
            await outcomes.ExecuteAsync(async _ => await FlushOrThrow(), stopping);
            await outcomes.ExecuteAsync(async _ => await experiment.ReportCompleted(job.Attempt, result), stopping);
            TrainingCheckpoint.Prune(lab.CheckpointPath(job.ExperimentId));
            await Release();
        }
        catch (OperationCanceledException) when (leaseLost)
        {
            // Another slot has the job now; this attempt's reports would be refused anyway.
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            logger.LogInformation("Silo stopping; experiment {ExperimentId} goes back to the queue from its last checkpoint", job.ExperimentId);
            await Abandon();
        }
        catch (OperationCanceledException)
        {
            await Deliver(() => experiment.ReportCancelled(job.Attempt), "cancel", stopping);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Experiment {ExperimentId} failed on {Worker}", job.ExperimentId, worker);
            await Deliver(() => experiment.ReportFailed(job.Attempt, $"{e.GetType().Name}: {e.Message}"), "failure", stopping);
        }
    }

    private async Task Deliver(Func<Task> report, string what, CancellationToken stopping)
    {
        try
        {
            await outcomes.ExecuteAsync(async _ => await report(), stopping);
            await Release();
        }
        catch (OperationCanceledException)
        {
            logger.LogError("The {What} of experiment {ExperimentId} was not delivered before the silo stopped; its lease expires and it runs again", what, job.ExperimentId);
        }
    }

    /// <summary>Sends the points gathered so far; on failure keeps them for the next flush.</summary>
    private async Task<(bool Delivered, WorkerDirective Directive)> Flush()
    {
        var points = Take();
        try
        {
            var directive = await experiment.ReportProgress(job.Attempt, MetricSeries.Batches(points));
            if (flushFailing) logger.LogInformation("Progress reports for {ExperimentId} get through again", job.ExperimentId);
            flushFailing = false;
            return (true, directive);
        }
        catch (Exception e)
        {
            // The points go again with the next flush; the store keeps each step once.
            if (!flushFailing) logger.LogWarning(e, "Progress report for {ExperimentId} failed; its points go with the next one", job.ExperimentId);
            flushFailing = true;
            foreach (var point in points) pending.Enqueue(point);
            return (false, WorkerDirective.Continue);
        }
    }

    private async Task FlushOrThrow()
    {
        var points = Take();
        try
        {
            await experiment.ReportProgress(job.Attempt, MetricSeries.Batches(points));
        }
        catch
        {
            foreach (var point in points) pending.Enqueue(point);
            throw;
        }
    }

    private List<(string Name, SeriesPoint Point)> Take()
    {
        var points = new List<(string Name, SeriesPoint Point)>();
        while (pending.TryDequeue(out var point)) points.Add(point);
        return points;
    }

    private async Task<WorkerDirective> Renew()
    {
        try
        {
            return await reports.ExecuteAsync(async _ => await queue.Renew(job.ExperimentId, job.Attempt, worker), CancellationToken.None);
        }
        catch (Exception e)
        {
            // Unreachable queue: keep training; should the lease have expired meanwhile, the next renewal says stop.
            logger.LogWarning(e, "Lease of experiment {ExperimentId} could not be renewed", job.ExperimentId);
            return WorkerDirective.Continue;
        }
    }

    private Task Release() => Quietly(queue.Release(job.ExperimentId, job.Attempt, worker), "release");

    private Task Abandon() => Quietly(queue.Abandon(job.ExperimentId, job.Attempt, worker), "give back");

    private async Task Quietly(Task call, string what)
    {
        try
        {
            await call.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception e)
        {
            // The lease then expires and the queue takes the job back itself.
            logger.LogWarning(e, "Could not {What} the lease of experiment {ExperimentId}", what, job.ExperimentId);
        }
    }

    /// <summary>The experiment's checkpoint when one exists and can be read; a broken one is set aside.</summary>
    private TrainingCheckpoint? LoadCheckpoint(string path)
    {
        if (!File.Exists(path)) return null;
        try
        {
            // The final checkpoint too: a run that stopped before its result was delivered only evaluates again.
            var checkpoint = TrainingCheckpoint.Load(path);
            if (checkpoint.Metadata.Step <= checkpoint.Metadata.TotalSteps) return checkpoint;
        }
        catch (InvalidDataException e)
        {
            logger.LogWarning("Ignoring checkpoint of {ExperimentId}: {Reason}", job.ExperimentId, e.Message);
        }
        return null;
    }
}
