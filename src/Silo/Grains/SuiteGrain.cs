using Microsoft.Extensions.Options;
using UNet3D.Lab.Silo.Json;
using UNet3D.Lab.Silo.Placement;
using UNet3D.Lab.Silo.Storage;
using UNet3D.Lab.Silo.Suites;

namespace UNet3D.Lab.Silo.Grains;

/// <summary>
/// Runs one table: plans its cells, submits one experiment per cell and seed through the experiment grains (and so
/// the training queue), and follows them with a grain timer, keeping each run's status and scores as they arrive.
/// Never trains or blocks itself; the plan and the content hashes are computed off the grain scheduler.
/// </summary>
/// <remarks>
/// State lives in the lab's storage. A suite that was running when the lab stopped resumes following its experiments
/// when it is activated again (by <c>SuiteRecovery</c> at the next start, or by any call); the experiments themselves
/// are queued again by <c>ExperimentRecovery</c>.
/// </remarks>
[PrimarySiloPlacement]
public sealed class SuiteGrain(
    [PersistentState("suite", LabStorage.Name)] IPersistentState<SuiteState> state,
    IDatasetMetadata metadata,
    IOptions<LabOptions> options,
    ILogger<SuiteGrain> logger)
    : Grain, ISuiteGrain
{
    private IGrainTimer? timer;

    private string Id => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Snapshot is { IsFinished: false }) Follow();
        return base.OnActivateAsync(cancellationToken);
    }

    public async Task<SuiteSnapshot> Start(SuiteRequest request)
    {
        if (state.State.Snapshot is { } existing)
        {
            if (!existing.Request.SameAs(request))
                throw new InvalidOperationException($"Suite '{Id}' already exists with a different request.");
            return existing;
        }

        var id = Id;
        var (planned, problems) = await Task.Run(() => SuitePlanner.Plan(id, request, metadata));
        if (planned is null)
            throw new ArgumentException("Invalid suite: " + string.Join("; ", problems), problems[0].Field);
        await Save(planned);
        await GrainFactory.GetGrain<IRegistryGrain>(IRegistryGrain.Suites).Register(Id);
        logger.LogInformation("Suite {SuiteId}: Table {Table} at {Preset}, {Cells} cells x {Seeds} seed(s)", Id, request.Table, request.Preset, planned.Cells.Length, request.Seeds);

        // Submit at once, so that the caller sees its runs queued; the timer takes over from here.
        Follow();
        await Tick(CancellationToken.None);
        return state.State.Snapshot!;
    }

    // Dataset metadata may read storage (a sparse dataset's voxels): off the grain scheduler.
    public Task<SpecProblem[]> Check(SuiteRequest request) => Task.Run(() => SuitePlanner.Problems(request, metadata).ToArray());

    public Task<SuiteSnapshot?> Get() => Task.FromResult(state.State.Snapshot);

    public Task Resume() => Task.CompletedTask; // activation has started following

    private void Follow() =>
        timer ??= this.RegisterGrainTimer(Tick, new GrainTimerCreationOptions(options.Value.SuitePollInterval, options.Value.SuitePollInterval) { KeepAlive = true });

    private async Task Tick(CancellationToken cancellation)
    {
        try
        {
            await Advance();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A missed tick is harmless: the next one looks again.
            logger.LogWarning(e, "Suite {SuiteId} could not follow its experiments", Id);
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
                var updated = await Advance(cells[c], runs[r], suite.Request.Fresh);
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
            next = next with { Status = complete ? SuiteStatus.Completed : SuiteStatus.Failed, FinishedAt = DateTimeOffset.UtcNow };
            logger.LogInformation("Suite {SuiteId} finished: {Status}", Id, next.Status);
        }
        await Save(next);
    }

    private async Task<SuiteRun> Advance(SuiteCell cell, SuiteRun run, bool fresh)
    {
        var config = cell.ConfigFor(run.Seed);
        if (run.ExperimentId is null)
        {
            var hash = await Task.Run(() => ExperimentHash.Of(config, metadata));
            if (!fresh && hash is not null && await Results.Find(hash) is { } found
                && await Experiment(found).Get() is { Status: not (ExperimentStatus.Failed or ExperimentStatus.Cancelled) } existing
                && LabJson.SameContent(existing.Config, config with { Name = existing.Config.Name }))
            {
                return Observe(run with { ExperimentId = found, Reused = true, Hash = hash }, existing);
            }

            // A fixed id per suite, cell and seed: submitting again after a restart finds the same experiment.
            var id = SuiteIds.ExperimentId(Id, cell.Key, run.Seed);
            var submitted = await Experiment(id).Submit(config);
            if (hash is not null) await Results.Remember(hash, id);
            return Observe(run with { ExperimentId = id, Reused = false, Hash = hash }, submitted);
        }

        var experiment = Experiment(run.ExperimentId);
        var snapshot = await experiment.Get() ?? await experiment.Submit(config);
        return Observe(run, snapshot);
    }

    private static SuiteRun Observe(SuiteRun run, ExperimentSnapshot experiment)
    {
        var next = run with
        {
            Status = experiment.Status,
            Step = experiment.Step,
            TotalSteps = experiment.TotalSteps,
            Error = experiment.Error,
            Scores = experiment.Metrics?.Samples
                .Select(s => new RunScore(s.Sample, double.IsFinite(s.IoU) ? s.IoU : null, s.AnnotatedFraction))
                .ToArray(),
        };
        // Records compare arrays by reference: keep the old run when nothing that matters changed.
        return next.Status == run.Status && next.Step == run.Step && next.TotalSteps == run.TotalSteps && next.Error == run.Error
            && next.ExperimentId == run.ExperimentId && next.Reused == run.Reused && next.Hash == run.Hash
            && (next.Scores is null) == (run.Scores is null)
            ? run
            : next;
    }

    private IExperimentGrain Experiment(string id) => GrainFactory.GetGrain<IExperimentGrain>(id);

    private IResultRegistryGrain Results => GrainFactory.GetGrain<IResultRegistryGrain>(IResultRegistryGrain.Key);

    private async Task Save(SuiteSnapshot snapshot)
    {
        state.State.Snapshot = snapshot;
        await state.WriteStateAsync();
    }
}
