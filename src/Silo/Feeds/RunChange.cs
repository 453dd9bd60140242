using UNet3D.Lab.Silo.Runs;

namespace UNet3D.Lab.Silo.Feeds;

/// <summary>A run's row in the run index as just written; <see cref="Row"/> is null when the run was deleted.</summary>
[GenerateSerializer, Immutable]
public sealed record RunChange([property: Id(0)] string Id, [property: Id(1)] RunRow? Row);
