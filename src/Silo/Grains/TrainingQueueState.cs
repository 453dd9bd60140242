namespace UNet3D.Lab.Silo.Grains;

[GenerateSerializer]
public sealed class TrainingQueueState
{
    [Id(0)] public List<TrainingJob> Jobs { get; set; } = [];
}
