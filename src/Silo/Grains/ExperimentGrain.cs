using UNet3D.Lab.Silo.Feeds;
using UNet3D.Lab.Silo.Runs;
using UNet3D.Lab.Silo.Series;

namespace UNet3D.Lab.Silo.Grains;

/// <summary>
/// Orchestrates and records one experiment: queues it, tracks the worker's progress, appends its metric series to
/// the <see cref="SeriesStore"/>, keeps the final metrics and the researcher's name, tags and note, and keeps its row
/// in the run index up to date with every save; the pages that follow it are told each change with the new points.
/// Never trains itself: training runs on a worker thread of some silo's
/// <c>TrainingWorkerPool</c>.
/// </summary>
[PrimarySiloPlacement]
public sealed class ExperimentGrain(
    [PersistentState("experiment", LabStorage.Name)] IPersistentState<ExperimentState> state,
    RunIndex index,
    RunArtifacts artifacts,
    SeriesStore series,
    ILogger<ExperimentGrain> logger)
    : Grain, IExperimentGrain
{
    // Progress arrives several times a second; the step reached is persisted at most this often while running.
    private static readonly TimeSpan ProgressPersistInterval = TimeSpan.FromSeconds(2);
    private DateTimeOffset lastPersisted = DateTimeOffset.MinValue;
    private bool dirty;
    private ChangeFeed<ExperimentChange>? followers;

    private ChangeFeed<ExperimentChange> Followers => followers ??= new ChangeFeed<ExperimentChange>(logger);

    // Read on the grain's turn and handed to work off the scheduler as a value.
    private string Id => this.GetPrimaryKeyString();

    /// <summary>
    /// Refuses an id that is not the lab's (such as <c>../../etc</c>) before any call can build a file path from it:
    /// the run's checkpoint and artifacts are named after it.
    /// </summary>
    public override Task OnActivateAsync(CancellationToken cancellationToken) =>
        ExperimentIds.IsValid(Id)
            ? base.OnActivateAsync(cancellationToken)
            : throw new ArgumentException($"Experiment id '{Id}' is not valid: 1 to 64 letters, digits, '-' or '_'.", nameof(Id));

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
            // start) and says which in ReportStarted, where the steps it repeats leave the series store.
            logger.LogWarning("Experiment {ExperimentId} was running when the lab stopped; queueing it again", Id);
            snapshot = snapshot with { Status = ExperimentStatus.Queued, Attempt = snapshot.Attempt + 1, Worker = null };
            await Save(snapshot);
        }
        await Queue.Enqueue(new TrainingJob(Id, snapshot.Config, snapshot.Attempt));
    }

    public async Task LeaseLost(int attempt)
    {
        if (!IsCurrent(attempt, out var snapshot) || snapshot.IsFinished) return;
        if (snapshot.CancelRequested)
        {
            // Nobody is left to stop: the cancel completes here.
            await Save(snapshot with { Status = ExperimentStatus.Cancelled, FinishedAt = DateTimeOffset.UtcNow });
            return;
        }
        logger.LogWarning("Experiment {ExperimentId} lost its slot {Worker}; queueing it again first", Id, snapshot.Worker);
        snapshot = snapshot with { Status = ExperimentStatus.Queued, Attempt = snapshot.Attempt + 1, Worker = null };
        await Save(snapshot);
        await Queue.Return(new TrainingJob(Id, snapshot.Config, snapshot.Attempt));
    }

    public async Task<WorkerDirective> ReportStarted(int attempt, string worker, string device, int resumedFromStep)
    {
        if (!IsCurrent(attempt, out var snapshot) || snapshot.IsFinished || snapshot.CancelRequested)
        {
            if (snapshot is { CancelRequested: true, IsFinished: false })
                await Save(snapshot with { Status = ExperimentStatus.Cancelled, FinishedAt = DateTimeOffset.UtcNow });
            return WorkerDirective.Stop;
        }
        // Exactly once: every step up to the checkpoint was stored before the checkpoint was (the worker waits for
        // that), and the steps after it are trained and sent again, so they leave the store now.
        var id = Id;
        await Task.Run(() => series.Truncate(id, resumedFromStep));
        await Save(snapshot with
        {
            Status = ExperimentStatus.Running,
            StartedAt = snapshot.StartedAt ?? DateTimeOffset.UtcNow,
            Worker = $"{worker} ({device})",
            Step = Math.Min(snapshot.Step, resumedFromStep),
        });
        return WorkerDirective.Continue;
    }

    public async Task<WorkerDirective> ReportProgress(int attempt, SeriesBatch[] batches)
    {
        if (!IsCurrent(attempt, out var snapshot) || snapshot.Status != ExperimentStatus.Running) return WorkerDirective.Stop;
        if (batches.Length > 0)
        {
            // Stored first: should the store fail, the worker sends the points again and the state has not moved on.
            var id = Id;
            await Task.Run(() => series.Append(id, batches));
            snapshot = Advance(snapshot, batches);
            state.State.Snapshot = snapshot;
            dirty = true;
        }
        if (dirty && DateTimeOffset.UtcNow - lastPersisted >= ProgressPersistInterval) await Save(snapshot, batches);
        else if (batches.Length > 0) Followers.Tell(new ExperimentChange(snapshot, batches));
        return snapshot.CancelRequested ? WorkerDirective.Stop : WorkerDirective.Continue;
    }

    public async Task ReportCompleted(int attempt, ExperimentResult metrics)
    {
        if (!IsCurrent(attempt, out var snapshot) || snapshot.IsFinished) return;
        // The final metrics are the validation curve's last point.
        var seconds = metrics.TrainingSeconds + metrics.EvaluationSeconds;
        var final = MetricSeries.Batches(MetricSeries.Of(metrics.Validation, metrics.Iterations, seconds));
        var id = Id;
        await Task.Run(() => series.Append(id, final));
        snapshot = Advance(snapshot, final);
        await Save(snapshot with { Status = ExperimentStatus.Completed, Metrics = metrics, FinishedAt = DateTimeOffset.UtcNow }, final);
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
        await Catalog.Changed(new RunChange(id, null));
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

    public Task<ExperimentSnapshot?> Follow(IChangeObserver<ExperimentChange> observer)
    {
        Followers.Follow(observer);
        return Task.FromResult(state.State.Snapshot);
    }

    public Task Unfollow(IChangeObserver<ExperimentChange> observer)
    {
        Followers.Unfollow(observer);
        return Task.CompletedTask;
    }

    public async Task<SeriesSummary[]?> ListSeries()
    {
        if (state.State.Snapshot is null) return null;
        var id = Id;
        return [.. await Task.Run(() => series.List(id))];
    }

    public async Task<SeriesPage?> ReadSeries(string name, int? from, int? to, int maxPoints)
    {
        if (state.State.Snapshot is null || !MetricSeries.IsValidName(name)) return null;
        var id = Id;
        return await Task.Run(() => series.Read(id, name, from, to, maxPoints));
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (dirty && state.State.Snapshot is { } snapshot) await Save(snapshot);
        await base.OnDeactivateAsync(reason, cancellationToken);
    }

    private ITrainingQueueGrain Queue => GrainFactory.GetGrain<ITrainingQueueGrain>(ITrainingQueueGrain.Key);

    private IRunCatalogGrain Catalog => GrainFactory.GetGrain<IRunCatalogGrain>(IRunCatalogGrain.Key);

    /// <summary>The step reached, the last loss and the best held-out IoU after these points.</summary>
    private static ExperimentSnapshot Advance(ExperimentSnapshot snapshot, IEnumerable<SeriesBatch> batches)
    {
        foreach (var batch in batches)
        {
            if (batch.Points.Length == 0) continue;
            if (batch.Name == MetricSeries.Loss && batch.Points.MaxBy(p => p.Step) is var latest && latest.Step > snapshot.Step)
                snapshot = snapshot with { Step = latest.Step, LastLoss = latest.Value };
            else if (batch.Name == MetricSeries.ValidationIou)
                snapshot = snapshot with { BestValidationIou = Math.Max(snapshot.BestValidationIou ?? double.MinValue, batch.Points.Max(p => p.Value)) };
        }
        return snapshot;
    }

    private bool IsCurrent(int attempt, out ExperimentSnapshot snapshot)
    {
        snapshot = state.State.Snapshot!;
        return snapshot is not null && snapshot.Attempt == attempt;
    }

    /// <param name="points">The series points that came with this change, passed on to the followers.</param>
    private async Task Save(ExperimentSnapshot snapshot, SeriesBatch[]? points = null)
    {
        state.State.Snapshot = snapshot;
        await state.WriteStateAsync();
        lastPersisted = DateTimeOffset.UtcNow;
        dirty = false;
        await WriteRunRow(snapshot);
        Followers.Tell(new ExperimentChange(snapshot, points ?? []));
    }

    /// <summary>The runs table reads this row instead of activating the grain; the pages showing it are told.</summary>
    private async Task WriteRunRow(ExperimentSnapshot snapshot)
    {
        var row = RunRow.Of(snapshot, DateTimeOffset.UtcNow);
        await Task.Run(() => index.Write(row));
        // One-way: the call returns at once, the catalog is never waited for.
        await Catalog.Changed(new RunChange(row.Id, row));
    }
}
