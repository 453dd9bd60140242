using UNet3D.Lab.Silo.Json;
using UNet3D.Lab.Silo.Placement;
using UNet3D.Lab.Silo.Runs;
using UNet3D.Lab.Silo.Storage;

namespace UNet3D.Lab.Silo.Grains;

/// <summary>
/// Orchestrates and records one experiment: queues it, tracks the worker's progress and curve, keeps the final
/// metrics and the researcher's name, tags and note, and keeps its row in the run index up to date with every save.
/// Never trains itself: training runs on a worker thread of some silo's <c>TrainingWorkerPool</c>.
/// </summary>
[PrimarySiloPlacement]
public sealed class ExperimentGrain(
    [PersistentState("experiment", LabStorage.Name)] IPersistentState<ExperimentState> state,
    RunIndex index,
    RunArtifacts artifacts,
    ILogger<ExperimentGrain> logger)
    : Grain, IExperimentGrain
{
    // Progress arrives several times a second; the curve is persisted at most this often while running.
    private static readonly TimeSpan ProgressPersistInterval = TimeSpan.FromSeconds(2);
    private DateTimeOffset lastPersisted = DateTimeOffset.MinValue;
    private bool dirty;

    private string Id => this.GetPrimaryKeyString();

    public async Task<ExperimentSnapshot> Submit(ExperimentSpec config)
    {
        config = config with { Name = config.DisplayName };
        if (state.State.Snapshot is { } existing)
        {
            if (!LabJson.SameContent(existing.Config, config))
                throw new InvalidOperationException($"Experiment '{Id}' already exists with a different configuration.");
            return existing;
        }

        var problems = config.Problems();
        if (problems.Count > 0)
            throw new ArgumentException("Invalid experiment: " + string.Join("; ", problems), problems[0].Field);

        var snapshot = new ExperimentSnapshot
        {
            Id = Id,
            Config = config,
            Status = ExperimentStatus.Queued,
            TotalSteps = config.EffectiveIterations,
            CreatedAt = DateTimeOffset.UtcNow,
            Attempt = 1,
        };
        await Save(snapshot);
        await Queue.Enqueue(new TrainingJob(Id, config, snapshot.Attempt));
        logger.LogInformation("Experiment {ExperimentId} '{Name}' queued", Id, config.Name);
        return snapshot;
    }

    public Task<ExperimentSnapshot?> Get() => Task.FromResult(state.State.Snapshot);

    public async Task<ExperimentSnapshot?> Cancel()
    {
        if (state.State.Snapshot is not { IsFinished: false } snapshot) return state.State.Snapshot;
        if (snapshot.Status == ExperimentStatus.Queued)
        {
            await Queue.Remove(Id);
            await Save(snapshot with { Status = ExperimentStatus.Cancelled, FinishedAt = DateTimeOffset.UtcNow });
        }
        else
        {
            // The worker learns of it at its next report and stops within a fraction of a second.
            await Save(snapshot with { CancelRequested = true });
        }
        return state.State.Snapshot;
    }

    public async Task Recover()
    {
        if (state.State.Snapshot is not { IsFinished: false } snapshot) return;
        if (snapshot.CancelRequested)
        {
            await Save(snapshot with { Status = ExperimentStatus.Cancelled, FinishedAt = DateTimeOffset.UtcNow });
            return;
        }
        if (snapshot.Status == ExperimentStatus.Running)
        {
            // Its worker went down with the lab. The next worker continues from the last checkpoint (or from the
            // start) and says which in ReportStarted; the curve is cut back to that step then.
            logger.LogWarning("Experiment {ExperimentId} was running when the lab stopped; queueing it again", Id);
            snapshot = snapshot with { Status = ExperimentStatus.Queued, Attempt = snapshot.Attempt + 1, Worker = null };
            await Save(snapshot);
        }
        await Queue.Enqueue(new TrainingJob(Id, snapshot.Config, snapshot.Attempt));
    }

    public async Task<WorkerDirective> ReportStarted(int attempt, string worker, string device, int resumedFromStep)
    {
        if (!IsCurrent(attempt, out var snapshot) || snapshot.IsFinished || snapshot.CancelRequested)
        {
            if (snapshot is { CancelRequested: true, IsFinished: false })
                await Save(snapshot with { Status = ExperimentStatus.Cancelled, FinishedAt = DateTimeOffset.UtcNow });
            return WorkerDirective.Stop;
        }
        var kept = snapshot.Curve.TakeWhile(p => p.Step <= resumedFromStep).ToArray();
        await Save(snapshot with
        {
            Status = ExperimentStatus.Running,
            StartedAt = snapshot.StartedAt ?? DateTimeOffset.UtcNow,
            Worker = $"{worker} ({device})",
            Step = kept.Length == 0 ? 0 : kept[^1].Step,
            Curve = kept,
        });
        return WorkerDirective.Continue;
    }

    public async Task<WorkerDirective> ReportProgress(int attempt, LossPoint[] points)
    {
        if (!IsCurrent(attempt, out var snapshot) || snapshot.Status != ExperimentStatus.Running) return WorkerDirective.Stop;
        if (points.Length > 0)
        {
            var fresh = points.Where(p => p.Step > snapshot.Step).OrderBy(p => p.Step).ToArray();
            if (fresh.Length > 0)
            {
                snapshot = snapshot with { Step = fresh[^1].Step, Curve = [.. snapshot.Curve, .. fresh] };
                state.State.Snapshot = snapshot;
                dirty = true;
            }
        }
        if (dirty && DateTimeOffset.UtcNow - lastPersisted >= ProgressPersistInterval) await Save(snapshot);
        return snapshot.CancelRequested ? WorkerDirective.Stop : WorkerDirective.Continue;
    }

    public async Task ReportCompleted(int attempt, ExperimentResult metrics)
    {
        if (!IsCurrent(attempt, out var snapshot) || snapshot.IsFinished) return;
        await Save(snapshot with { Status = ExperimentStatus.Completed, Metrics = metrics, FinishedAt = DateTimeOffset.UtcNow });
        logger.LogInformation("Experiment {ExperimentId} completed: mean IoU {MeanIoU:F3}", Id, metrics.MeanIoU);
    }

    public async Task ReportFailed(int attempt, string error)
    {
        if (!IsCurrent(attempt, out var snapshot) || snapshot.IsFinished) return;
        await Save(snapshot with { Status = ExperimentStatus.Failed, Error = error, FinishedAt = DateTimeOffset.UtcNow });
        logger.LogWarning("Experiment {ExperimentId} failed: {Error}", Id, error);
    }

    public async Task ReportCancelled(int attempt)
    {
        if (!IsCurrent(attempt, out var snapshot) || snapshot.IsFinished) return;
        await Save(snapshot with { Status = ExperimentStatus.Cancelled, FinishedAt = DateTimeOffset.UtcNow });
    }

    public async Task<ExperimentSnapshot?> Annotate(RunAnnotation annotation)
    {
        if (state.State.Snapshot is not { } snapshot) return null;
        var problems = annotation.Problems();
        if (problems.Count > 0)
            throw new ArgumentException("Invalid annotation: " + string.Join("; ", problems), problems[0].Field);
        await Save(annotation.ApplyTo(snapshot));
        return state.State.Snapshot;
    }

    public async Task<ExperimentRemoval> Delete()
    {
        if (state.State.Snapshot is not { } snapshot) return ExperimentRemoval.NotFound;
        if (!snapshot.IsFinished) return ExperimentRemoval.Refused(snapshot.Status);
        // Its data first, its state last: should the lab stop in between, the run is still there to delete again.
        var id = Id;
        await Task.Run(() => artifacts.Remove(id));
        await state.ClearStateAsync();
        state.State.Snapshot = null;
        dirty = false;
        DeactivateOnIdle();
        logger.LogInformation("Experiment {ExperimentId} '{Name}' deleted", Id, snapshot.Config.Name);
        return ExperimentRemoval.Done(snapshot.Status);
    }

    public async Task<ExperimentSnapshot?> JoinAblation(string ablationId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ablationId);
        if (state.State.Snapshot is not { } snapshot) return null;
        if (snapshot.Ablations.Contains(ablationId, StringComparer.Ordinal)) return snapshot;
        await Save(snapshot with { Ablations = [.. snapshot.Ablations, ablationId] });
        return state.State.Snapshot;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (dirty && state.State.Snapshot is { } snapshot) await Save(snapshot);
        await base.OnDeactivateAsync(reason, cancellationToken);
    }

    private ITrainingQueueGrain Queue => GrainFactory.GetGrain<ITrainingQueueGrain>(ITrainingQueueGrain.Key);

    private bool IsCurrent(int attempt, out ExperimentSnapshot snapshot)
    {
        snapshot = state.State.Snapshot!;
        return snapshot is not null && snapshot.Attempt == attempt;
    }

    private async Task Save(ExperimentSnapshot snapshot)
    {
        state.State.Snapshot = snapshot;
        await state.WriteStateAsync();
        lastPersisted = DateTimeOffset.UtcNow;
        dirty = false;
        await WriteRunRow(snapshot);
    }

    /// <summary>The runs table reads this row instead of activating the grain.</summary>
    private Task WriteRunRow(ExperimentSnapshot snapshot) => Task.Run(() => index.Write(RunRow.Of(snapshot, DateTimeOffset.UtcNow)));
}
