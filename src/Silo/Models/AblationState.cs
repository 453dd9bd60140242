namespace UNet3D.Lab.Silo.Models;

/// <summary>Persisted state of a suite grain.</summary>
[GenerateSerializer]
public sealed class AblationState
{
    [Id(0)] public AblationSnapshot? Snapshot { get; set; }
}
