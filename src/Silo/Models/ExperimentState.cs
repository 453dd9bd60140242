namespace UNet3D.Lab.Silo.Models;

/// <summary>Persisted state of an experiment grain.</summary>
[GenerateSerializer]
public sealed class ExperimentState
{
    [Id(0)] public ExperimentSnapshot? Snapshot { get; set; }
}
