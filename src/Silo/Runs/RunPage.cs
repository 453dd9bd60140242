namespace UNet3D.Lab.Silo.Runs;

/// <summary>One page of the runs table and how many runs match the query in all.</summary>
[GenerateSerializer, Immutable]
public sealed record RunPage([property: Id(0)] RunRow[] Items, [property: Id(1)] int Total);
