namespace UNet3D.Lab.Experiments.Tests;

/// <summary>Tests that change libtorch's process-wide thread count run alone, so no other test's threads inherit it.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TorchThreadCountCollection
{
    public const string Name = "libtorch thread count";
}
