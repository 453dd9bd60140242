namespace UNet3D.Lab.Silo.Series;

/// <summary>A stored series of a run: its name, how many points it holds and the step of the last one.</summary>
[GenerateSerializer, Immutable]
public sealed record SeriesSummary([property: Id(0)] string Name, [property: Id(1)] long Total, [property: Id(2)] int LastStep);
