namespace UNet3D.Lab.Silo.Grains;

[GenerateSerializer]
public sealed class TrainingQueueState
{
    /// <summary>Jobs waiting for a slot, the next first.</summary>
    [Id(0)] public List<TrainingJob> Jobs { get; set; } = [];

    /// <summary>Jobs a slot trains now; a lost one goes back to the front of <see cref="Jobs"/>.</summary>
    [Id(1)] public List<JobLease> Leases { get; set; } = [];
}
