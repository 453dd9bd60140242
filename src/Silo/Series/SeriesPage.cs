namespace UNet3D.Lab.Silo.Series;

/// <summary>
/// A range of a series as read: <see cref="Total"/> points are stored in the range, <see cref="Points"/> are those
/// <see cref="SeriesDownsampler"/> kept of them (all of them when they are few enough).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record SeriesPage([property: Id(0)] string Name, [property: Id(1)] long Total, [property: Id(2)] SeriesPoint[] Points);
