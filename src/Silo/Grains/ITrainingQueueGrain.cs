namespace UNet3D.Lab.Silo.Grains;

/// <summary>
/// First-in, first-out queue of training jobs for the whole cluster. Workers on every silo pull from it when a
/// slot is free, so a GPU host that joins the cluster takes work without any central assignment. A job handed out
/// is leased (<see cref="JobLease"/>): when its holder stops renewing or its silo is declared dead, the job goes
/// back to the front of the queue through its experiment (<see cref="IExperimentGrain.LeaseLost"/>).
/// </summary>
public interface ITrainingQueueGrain : IGrainWithStringKey
{
    public const string Key = "lab";

    Task Enqueue(TrainingJob job);

    /// <summary>Puts a job whose slot was lost back at the front: it was started before anything queued since.</summary>
    Task Return(TrainingJob job);

    /// <summary>
    /// The first job <paramref name="slot"/> can train (<see cref="TrainingJob.FitsOn"/>), leased to it; null when
    /// none fits. A slot that asks is counted among the <see cref="Slots"/>.
    /// </summary>
    Task<JobLease?> TryDequeue(WorkerSlot slot);

    /// <summary>Extends the lease; <see cref="WorkerDirective.Stop"/> when the worker no longer holds it (another slot may train the job now).</summary>
    Task<WorkerDirective> Renew(string experimentId, int attempt, string worker);

    /// <summary>The worker is done with the job (completed, failed or cancelled, and reported).</summary>
    Task Release(string experimentId, int attempt, string worker);

    /// <summary>The worker stops before the job is done (its silo shuts down): the job goes back to the queue.</summary>
    Task Abandon(string experimentId, int attempt, string worker);

    /// <summary>
    /// Takes back the jobs of every slot of a silo: what the queue does itself when cluster membership declares the
    /// silo dead. Returns how many jobs were taken back.
    /// </summary>
    Task<int> SiloDied(string silo);

    Task Remove(string experimentId);

    /// <summary>Ids of the queued experiments, in the order they will run.</summary>
    Task<string[]> Pending();

    /// <summary>The jobs being trained now and who holds them.</summary>
    Task<JobLease[]> Leases();

    /// <summary>A training slot says it stops taking jobs (its silo is shutting down).</summary>
    Task Detach(string worker);

    /// <summary>How many training slots take jobs from this queue: what an estimate of a grid's duration divides by.</summary>
    Task<int> Slots();

    /// <summary>The slots that take jobs from this queue, with their devices.</summary>
    Task<WorkerSlot[]> Workers();
}
