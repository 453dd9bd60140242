namespace UNet3D.Lab.Experiments.Models;

/// <summary>The volumetric network of the paper: 3×3×3 valid convolutions, 2×2×2 pooling and up-convolution.</summary>
public sealed class UNet3D : UNet
{
    public UNet3D(UNetConfig config) : base(nameof(UNet3D), RequireDimensions(config)) { }

    private static UNetConfig RequireDimensions(UNetConfig config) =>
        config.SpatialDimensions == 3 ? config
            : throw new ArgumentException($"UNet3D needs SpatialDimensions = 3, not {config.SpatialDimensions}.", nameof(config));
}
