using Microsoft.Extensions.Options;

namespace UNet3D.Lab.Silo.Grains;

/// <remarks>
/// Watches its leases on a timer: a lease past its expiry, or held on a silo that cluster membership
/// (<see cref="IClusterMembershipService"/>) declares dead, is taken back. The job is not put back here but
/// handed to its experiment, which decides: a cancelled run ends cancelled, any other is queued again at the front
/// under a new attempt, so that whatever the lost slot still reports is refused.
/// </remarks>
[PrimarySiloPlacement]
public sealed class TrainingQueueGrain(
    [PersistentState("queue", LabStorage.Name)] IPersistentState<TrainingQueueState> state,
    IClusterMembershipService membership,
    IOptions<LabOptions> options,
    ILogger<TrainingQueueGrain> logger)
    : Grain, ITrainingQueueGrain
{
    // A silo declared dead loses its jobs within this time, however long the leases.
    private static readonly TimeSpan LongestCheckInterval = TimeSpan.FromSeconds(5);

    // Not persisted: slots count again when they next ask for work.
    private readonly Dictionary<string, WorkerSlot> workers = new(StringComparer.Ordinal);

    private TimeSpan Term => options.Value.LeaseDuration > TimeSpan.Zero ? options.Value.LeaseDuration
        : throw new InvalidOperationException($"Lab:LeaseDuration is {options.Value.LeaseDuration}: give a positive time, e.g. 00:01:00.");

    private List<TrainingJob> Jobs => state.State.Jobs;

    private List<JobLease> Held => state.State.Leases;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Leases outlive an activation, their expiries do not: each holder renews against this one within a full term.
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < Held.Count; i++) Held[i] = Held[i] with { Expires = now + Held[i].Term };
        var check = TimeSpan.FromTicks(Math.Min(Term.Ticks / 4, LongestCheckInterval.Ticks));
        this.RegisterGrainTimer(CheckLeases, new GrainTimerCreationOptions(check, check) { KeepAlive = true });
        return base.OnActivateAsync(cancellationToken);
    }

    public async Task Enqueue(TrainingJob job)
    {
        // One job per experiment: a newer attempt replaces an older one, queued or leased.
        Jobs.RemoveAll(j => j.ExperimentId == job.ExperimentId);
        Held.RemoveAll(l => l.Job.ExperimentId == job.ExperimentId);
        Jobs.Add(job);
        await state.WriteStateAsync();
    }

    public async Task Return(TrainingJob job)
    {
        Jobs.RemoveAll(j => j.ExperimentId == job.ExperimentId);
        Held.RemoveAll(l => l.Job.ExperimentId == job.ExperimentId);
        Jobs.Insert(0, job);
        await state.WriteStateAsync();
    }

    public async Task<JobLease?> TryDequeue(WorkerSlot slot)
    {
        workers[slot.Worker] = slot;
        var index = Jobs.FindIndex(j => j.FitsOn(slot));
        if (index < 0) return null;
        var job = Jobs[index];
        Jobs.RemoveAt(index);
        var lease = new JobLease(job, slot, DateTimeOffset.UtcNow + Term, Term);
        Held.RemoveAll(l => l.Job.ExperimentId == job.ExperimentId);
        Held.Add(lease);
        await state.WriteStateAsync();
        logger.LogInformation("Experiment {ExperimentId} (attempt {Attempt}) goes to worker {Worker} on {Device}",
            job.ExperimentId, job.Attempt, slot.Worker, slot.Device);
        return lease;
    }

    public Task<WorkerDirective> Renew(string experimentId, int attempt, string worker)
    {
        var index = Held.FindIndex(l => l.IsHeldBy(experimentId, attempt, worker));
        if (index < 0)
        {
            logger.LogWarning("Worker {Worker} renewed a lease on experiment {ExperimentId} (attempt {Attempt}) it no longer holds: told to stop",
                worker, experimentId, attempt);
            return Task.FromResult(WorkerDirective.Stop);
        }
        // Not persisted: a new activation gives every lease a full term anyway.
        Held[index] = Held[index] with { Expires = DateTimeOffset.UtcNow + Held[index].Term };
        return Task.FromResult(WorkerDirective.Continue);
    }

    public async Task Release(string experimentId, int attempt, string worker)
    {
        if (Held.RemoveAll(l => l.IsHeldBy(experimentId, attempt, worker)) > 0) await state.WriteStateAsync();
    }

    public async Task Abandon(string experimentId, int attempt, string worker)
    {
        if (Held.Find(l => l.IsHeldBy(experimentId, attempt, worker)) is { } lease)
            await TakeBack([lease], "its slot stopped");
    }

    public Task<int> SiloDied(string silo) => TakeBack([.. Held.Where(l => l.Holder.Silo == silo)], $"silo {silo} is dead");

    public async Task Remove(string experimentId)
    {
        if (Jobs.RemoveAll(j => j.ExperimentId == experimentId) > 0)
            await state.WriteStateAsync();
    }

    public Task Detach(string worker)
    {
        workers.Remove(worker);
        return Task.CompletedTask;
    }

    public Task<int> Slots() => Task.FromResult(workers.Count);

    public Task<WorkerSlot[]> Workers() => Task.FromResult(workers.Values.ToArray());

    public Task<string[]> Pending() => Task.FromResult(Jobs.Select(j => j.ExperimentId).ToArray());

    public Task<JobLease[]> Leases() => Task.FromResult(Held.ToArray());

    private async Task CheckLeases(CancellationToken cancellation)
    {
        if (Held.Count == 0) return;
        var now = DateTimeOffset.UtcNow;
        var expired = Held.Where(l => l.Expires <= now).ToArray();
        if (expired.Length > 0) await TakeBack(expired, "its lease expired");
        var members = membership.CurrentSnapshot;
        foreach (var silo in Held.Select(l => l.Holder.Silo).Distinct(StringComparer.Ordinal).ToArray())
        {
            if (IsDead(members, silo)) await SiloDied(silo);
        }
    }

    private static bool IsDead(ClusterMembershipSnapshot members, string silo)
    {
        // A silo membership does not know (yet) is not dead: its lease expires if it never shows up.
        try
        {
            return members.GetSiloStatus(SiloAddress.FromParsableString(silo)) == SiloStatus.Dead;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>Ends the leases and hands each job to its experiment, which queues it again or ends it (cancelled).</summary>
    private async Task<int> TakeBack(IReadOnlyList<JobLease> leases, string reason)
    {
        if (leases.Count == 0) return 0;
        foreach (var lease in leases) Held.Remove(lease);
        await state.WriteStateAsync();
        foreach (var lease in leases)
        {
            logger.LogWarning("Experiment {ExperimentId} (attempt {Attempt}) taken back from {Worker}: {Reason}",
                lease.Job.ExperimentId, lease.Job.Attempt, lease.Holder.Worker, reason);
            // One-way: the experiment calls this queue back (Return), which must not wait for it meanwhile.
            GrainFactory.GetGrain<IExperimentGrain>(lease.Job.ExperimentId).LeaseLost(lease.Job.Attempt).Ignore();
        }
        return leases.Count;
    }
}
