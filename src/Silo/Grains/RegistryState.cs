namespace UNet3D.Lab.Silo.Grains;

[GenerateSerializer]
public sealed class RegistryState
{
    /// <summary>Ids in registration order.</summary>
    [Id(0)] public List<string> Ids { get; set; } = [];
}
