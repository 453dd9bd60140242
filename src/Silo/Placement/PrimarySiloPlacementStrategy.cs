namespace UNet3D.Lab.Silo.Placement;

/// <summary>
/// Places a grain on the cluster's oldest silo. The lab's stateful grains live there because that silo owns the
/// embedded LiteDB file; with development clustering it is the primary every other silo joined.
/// </summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking]
public sealed class PrimarySiloPlacementStrategy : PlacementStrategy
{
    public static readonly PrimarySiloPlacementStrategy Instance = new();
}
