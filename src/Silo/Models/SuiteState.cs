namespace UNet3D.Lab.Silo.Models;

/// <summary>Persisted state of a suite grain.</summary>
[GenerateSerializer]
public sealed class SuiteState
{
    [Id(0)] public SuiteSnapshot? Snapshot { get; set; }
}
