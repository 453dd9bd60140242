namespace UNet3D.Lab.Experiments.Tests;

/// <summary>Tests that read the process's resident memory run alone: any test beside them would move the number.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryMeasurementCollection
{
    public const string Name = "memory measurement";
}
