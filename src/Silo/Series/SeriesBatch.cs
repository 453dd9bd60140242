namespace UNet3D.Lab.Silo.Series;

/// <summary>New points of one named series, in step order, as a worker sends them.</summary>
[GenerateSerializer, Immutable]
public sealed record SeriesBatch([property: Id(0)] string Name, [property: Id(1)] SeriesPoint[] Points);
