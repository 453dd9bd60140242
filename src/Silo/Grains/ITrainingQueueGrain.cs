namespace UNet3D.Lab.Silo.Grains;

/// <summary>
/// First-in, first-out queue of training jobs for the whole cluster. Workers on every silo pull from it when a
/// slot is free, so a GPU host that joins the cluster takes work without any central assignment.
/// </summary>
public interface ITrainingQueueGrain : IGrainWithStringKey
{
    public const string Key = "lab";

    Task Enqueue(TrainingJob job);

    Task<TrainingJob?> TryDequeue(string worker);

    Task Remove(string experimentId);

    /// <summary>Ids of the queued experiments, in the order they will run.</summary>
    Task<string[]> Pending();
}
