using UNet3D.Lab.Silo.Series;

namespace UNet3D.Lab.Silo.Feeds;

/// <summary>What a follower of an experiment is told: its state now and the series points that arrived with it.</summary>
[GenerateSerializer, Immutable]
public sealed record ExperimentChange(
    [property: Id(0)] ExperimentSnapshot Snapshot,
    [property: Id(1)] SeriesBatch[] Points);
