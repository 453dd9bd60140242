using Orleans.Placement;

namespace UNet3D.Lab.Silo.Placement;

[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class PrimarySiloPlacementAttribute() : PlacementAttribute(PrimarySiloPlacementStrategy.Instance);
