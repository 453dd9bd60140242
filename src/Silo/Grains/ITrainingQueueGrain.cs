namespace UNet3D.Lab.Silo.Grains;

/// <summary>
/// First-in, first-out queue of training jobs for the whole cluster. Workers on every silo pull from it when a
/// slot is free, so a GPU host that joins the cluster takes work without any central assignment.
/// </summary>
public interface ITrainingQueueGrain : IGrainWithStringKey
{
    public const string Key = "lab";

    Task Enqueue(TrainingJob job);

    /// <summary>The next job for <paramref name="worker"/>, or null; a worker that asks is counted among the <see cref="Slots"/>.</summary>
    Task<TrainingJob?> TryDequeue(string worker);

    Task Remove(string experimentId);

    /// <summary>Ids of the queued experiments, in the order they will run.</summary>
    Task<string[]> Pending();

    /// <summary>A training slot says it stops taking jobs (its silo is shutting down).</summary>
    Task Detach(string worker);

    /// <summary>How many training slots take jobs from this queue: what an estimate of a grid's duration divides by.</summary>
    Task<int> Slots();
}
