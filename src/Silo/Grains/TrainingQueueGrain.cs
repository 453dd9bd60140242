namespace UNet3D.Lab.Silo.Grains;

[PrimarySiloPlacement]
public sealed class TrainingQueueGrain(
    [PersistentState("queue", LabStorage.Name)] IPersistentState<TrainingQueueState> state,
    ILogger<TrainingQueueGrain> logger)
    : Grain, ITrainingQueueGrain
{
    // Not persisted: slots count again when they next ask for work.
    private readonly HashSet<string> workers = new(StringComparer.Ordinal);

    public async Task Enqueue(TrainingJob job)
    {
        // One job per experiment: a newer attempt replaces an older one.
        state.State.Jobs.RemoveAll(j => j.ExperimentId == job.ExperimentId);
        state.State.Jobs.Add(job);
        await state.WriteStateAsync();
    }

    public async Task<TrainingJob?> TryDequeue(string worker)
    {
        workers.Add(worker);
        if (state.State.Jobs.Count == 0) return null;
        var job = state.State.Jobs[0];
        state.State.Jobs.RemoveAt(0);
        await state.WriteStateAsync();
        logger.LogInformation("Experiment {ExperimentId} (attempt {Attempt}) goes to worker {Worker}", job.ExperimentId, job.Attempt, worker);
        return job;
    }

    public async Task Remove(string experimentId)
    {
        if (state.State.Jobs.RemoveAll(j => j.ExperimentId == experimentId) > 0)
            await state.WriteStateAsync();
    }

    public Task Detach(string worker)
    {
        workers.Remove(worker);
        return Task.CompletedTask;
    }

    public Task<int> Slots() => Task.FromResult(workers.Count);

    public Task<string[]> Pending() => Task.FromResult(state.State.Jobs.Select(j => j.ExperimentId).ToArray());
}
