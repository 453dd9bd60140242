using Microsoft.Extensions.Options;
using UNet3D.Lab.Silo.Ablations;
using UNet3D.Lab.Silo.Feeds;

namespace UNet3D.Lab.Silo.Grains;

/// <summary>
/// Runs one ablation (a grid or a table): plans its cells, submits one experiment per cell and seed through the
/// experiment grains (and so the training queue), and follows them with a grain timer, keeping each run's status and
/// scores as they arrive. Never trains or blocks itself; the plan and the content hashes are computed off the grain
/// scheduler.
/// </summary>
/// <remarks>
/// State lives in the lab's storage. An ablation that was running when the lab stopped resumes following its experiments
/// when it is activated again (by <c>AblationRecovery</c> at the next start, or by any call); the experiments themselves
/// are queued again by <c>ExperimentRecovery</c>.
/// </remarks>
[PrimarySiloPlacement]
public sealed class AblationGrain(
    [PersistentState("ablation", LabStorage.Name)] IPersistentState<AblationState> state,
    IDatasetMetadata metadata,
    IOptions<LabOptions> options,
    ILogger<AblationGrain> logger)
    : Grain, IAblationGrain
{
    private IGrainTimer? timer;
    private ChangeFeed<AblationSnapshot>? followers;

    private ChangeFeed<AblationSnapshot> Followers => followers ??= new ChangeFeed<AblationSnapshot>(logger);

    private string Id => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Snapshot is { IsFinished: false }) FollowExperiments();
        return base.OnActivateAsync(cancellationToken);
    }

    public async Task<AblationSnapshot> StartTable(TableRequest request)
    {
        if (state.State.Snapshot is { } existing)
        {
            if (existing.Table is not { } table || !table.SameAs(request))
                throw new InvalidOperationException($"Ablation '{Id}' already exists with a different request.");
            return existing;
        }
        var id = Id;
        var (planned, problems) = await Task.Run(() => TablePlanner.Plan(id, request, metadata));
        return await Begin(planned, problems);
    }

    public async Task<AblationSnapshot> StartGrid(GridRequest request)
    {
        if (state.State.Snapshot is { } existing)
        {
            if (existing.Grid is not { } grid || !LabJson.SameContent(grid, request))
                throw new InvalidOperationException($"Ablation '{Id}' already exists with a different request.");
            return existing;
        }
        var id = Id;
        var (planned, problems) = await Task.Run(() => GridPlanner.Plan(id, request, metadata));
        return await Begin(planned, problems);
    }

    // Dataset metadata may read storage (a sparse dataset's voxels): off the grain scheduler.
    public Task<GridCheck> CheckTable(TableRequest request) => Task.Run(() => TablePlanner.Check(request, metadata));

    public Task<GridCheck> CheckGrid(GridRequest request) => Task.Run(() =>
    {
        var (planned, problems) = GridPlanner.Plan("check", request, metadata);
        return planned is null
            ? new GridCheck(0, 0, [], problems.ToArray())
            : new GridCheck(planned.RunCount, planned.Cells.Length, planned.Cells.Select(c => c.Config).ToArray(), []);
    });

    private async Task<AblationSnapshot> Begin(AblationSnapshot? planned, IReadOnlyList<SpecProblem> problems)
    {
        if (planned is null)
            throw new ArgumentException("Invalid ablation: " + string.Join("; ", problems), problems[0].Field);
        await Save(planned);
        await GrainFactory.GetGrain<IRegistryGrain>(IRegistryGrain.Ablations).Register(Id);
        logger.LogInformation("Ablation {AblationId} '{Name}': {Cells} cells x {Seeds} seed(s)", Id, planned.Name, planned.Cells.Length, planned.Seeds);

        // Submit at once, so that the caller sees its runs queued; the timer takes over from here.
        FollowExperiments();
        await Tick(CancellationToken.None);
        return state.State.Snapshot!;
    }

    public Task<AblationSnapshot?> Get() => Task.FromResult(state.State.Snapshot);

    public Task Resume() => Task.CompletedTask; // activation has started following

    public Task<AblationSnapshot?> Follow(IChangeObserver<AblationSnapshot> observer)
    {
        Followers.Follow(observer);
        return Task.FromResult(state.State.Snapshot);
    }

    public Task Unfollow(IChangeObserver<AblationSnapshot> observer)
    {
        Followers.Unfollow(observer);
        return Task.CompletedTask;
    }

    private void FollowExperiments() =>
        timer ??= this.RegisterGrainTimer(Tick, new GrainTimerCreationOptions(options.Value.AblationPollInterval, options.Value.AblationPollInterval) { KeepAlive = true });

    private async Task Tick(CancellationToken cancellation)
    {
        try
        {
            await Advance();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A missed tick is harmless: the next one looks again.
            logger.LogWarning(e, "Ablation {AblationId} could not follow its experiments", Id);
        }
        if (state.State.Snapshot is { IsFinished: true })
        {
            timer?.Dispose();
            timer = null;
        }
    }

    /// <summary>Submits what is not yet submitted, reads the state of every unfinished run, and saves what changed.</summary>
    private async Task Advance()
    {
        if (state.State.Snapshot is not { IsFinished: false } suite) return;
        var cells = suite.Cells.ToArray();
        var changed = false;
        for (var c = 0; c < cells.Length; c++)
        {
            var runs = cells[c].Runs.ToArray();
            for (var r = 0; r < runs.Length; r++)
            {
                if (runs[r].IsFinished) continue;
                var updated = await Advance(cells[c], runs[r], suite.Fresh);
                if (updated == runs[r]) continue;
                runs[r] = updated;
                changed = true;
            }
            cells[c] = cells[c] with { Runs = runs };
        }

        var finished = cells.All(c => c.IsFinished);
        if (!changed && !finished) return;
        var next = suite with { Cells = cells };
        if (finished)
        {
            var complete = cells.All(c => c.Runs.All(r => r.Status == ExperimentStatus.Completed));
            next = next with { Status = complete ? AblationStatus.Completed : AblationStatus.Failed, FinishedAt = DateTimeOffset.UtcNow };
            logger.LogInformation("Ablation {AblationId} finished: {Status}", Id, next.Status);
        }
        await Save(next);
    }

    private async Task<AblationRun> Advance(AblationCell cell, AblationRun run, bool fresh)
    {
        var config = cell.ConfigFor(run.Seed);
        if (run.ExperimentId is null)
        {
            var hash = await Task.Run(() => ExperimentHash.Of(config, metadata));
            if (!fresh && hash is not null && await Results.Find(hash) is { } found
                && await Experiment(found).Get() is { Status: not (ExperimentStatus.Failed or ExperimentStatus.Cancelled) } existing
                && LabJson.SameContent(existing.Config, config with { Name = existing.Config.Name }))
            {
                // The run table's ablation filter finds it under this ablation too.
                await Experiment(found).JoinAblation(Id);
                return Observe(run with { ExperimentId = found, Reused = true, Hash = hash }, existing);
            }

            // A fixed id per suite, cell and seed: submitting again after a restart finds the same experiment.
            var id = AblationIds.ExperimentId(Id, cell.Key, run.Seed);
            var submitted = await Experiment(id).Submit(config);
            await Experiment(id).JoinAblation(Id);
            if (hash is not null) await Results.Remember(hash, id);
            return Observe(run with { ExperimentId = id, Reused = false, Hash = hash }, submitted);
        }

        var experiment = Experiment(run.ExperimentId);
        var snapshot = await experiment.Get() ?? await experiment.Submit(config);
        return Observe(run, snapshot);
    }

    private static AblationRun Observe(AblationRun run, ExperimentSnapshot experiment)
    {
        var next = run with
        {
            Status = experiment.Status,
            Step = experiment.Step,
            TotalSteps = experiment.TotalSteps,
            Error = experiment.Error,
            Scores = experiment.Metrics?.Samples
                .Select(s => new RunScore(s.Sample, Defined(s.IoU), s.AnnotatedFraction))
                .ToArray(),
            MeanIoU = experiment.Metrics is { } metrics ? Defined(metrics.MeanIoU) : null,
            ClassIoU = experiment.Metrics is { Samples.Count: > 0 } result
                ? Enumerable.Range(0, result.Samples[0].ClassIoU.Count)
                    .Select(c => Defined(result.Samples.Select(s => s.ClassIoU[c]).Where(double.IsFinite).DefaultIfEmpty(double.NaN).Average()))
                    .ToArray()
                : null,
        };
        // Records compare arrays by reference: keep the old run when nothing that matters changed.
        return next.Status == run.Status && next.Step == run.Step && next.TotalSteps == run.TotalSteps && next.Error == run.Error
            && next.ExperimentId == run.ExperimentId && next.Reused == run.Reused && next.Hash == run.Hash
            && (next.Scores is null) == (run.Scores is null)
            ? run
            : next;
    }

    private static double? Defined(double value) => double.IsFinite(value) ? value : null;

    private IExperimentGrain Experiment(string id) => GrainFactory.GetGrain<IExperimentGrain>(id);

    private IResultRegistryGrain Results => GrainFactory.GetGrain<IResultRegistryGrain>(IResultRegistryGrain.Key);

    private async Task Save(AblationSnapshot snapshot)
    {
        state.State.Snapshot = snapshot;
        await state.WriteStateAsync();
        Followers.Tell(snapshot);
    }
}
