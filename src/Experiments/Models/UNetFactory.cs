namespace UNet3D.Lab.Experiments.Models;

public static class UNetFactory
{
    public static UNet Create(UNetConfig config) => config.SpatialDimensions switch
    {
        3 => new UNet3D(config),
        2 => new UNet2D(config),
        _ => throw new ArgumentException($"SpatialDimensions must be 2 or 3, not {config.SpatialDimensions}.", nameof(config)),
    };
}
