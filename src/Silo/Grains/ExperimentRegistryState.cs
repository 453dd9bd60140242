namespace UNet3D.Lab.Silo.Grains;

[GenerateSerializer]
public sealed class ExperimentRegistryState
{
    /// <summary>Ids in submission order.</summary>
    [Id(0)] public List<string> Ids { get; set; } = [];
}
