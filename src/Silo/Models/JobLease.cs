namespace UNet3D.Lab.Silo.Models;

/// <summary>
/// A job handed to one slot: the slot renews it every third of its <see cref="Term"/>; when it expires or the
/// holder's silo is declared dead, the queue takes the job back and it resumes from its checkpoint elsewhere.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record JobLease(
    [property: Id(0)] TrainingJob Job,
    [property: Id(1)] WorkerSlot Holder,
    [property: Id(2)] DateTimeOffset Expires,
    [property: Id(3)] TimeSpan Term)
{
    public bool IsHeldBy(string experimentId, int attempt, string worker) =>
        Job.ExperimentId == experimentId && Job.Attempt == attempt && Holder.Worker == worker;
}
