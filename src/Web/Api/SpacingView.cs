using UNet3D.Lab.Experiments.Data.Formats;

namespace UNet3D.Lab.Web.Api;

/// <summary>A voxel spacing along x, y and z as the source file states it, with its unit: "µm", "mm", "m" or "unknown".</summary>
public sealed record SpacingView(double X, double Y, double Z, string Unit)
{
    public static SpacingView Of(double x, double y, double z, SpatialUnit unit) => new(x, y, z, unit.Symbol());
}
