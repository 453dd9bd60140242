namespace UNet3D.Lab.Experiments.Models;

/// <summary>
/// The paper's "2D" baseline: the same topology with 3×3 convolutions, trained on annotated slices as
/// independent images and applied slice by slice.
/// </summary>
public sealed class UNet2D : UNet
{
    public UNet2D(UNetConfig config) : base(nameof(UNet2D), RequireDimensions(config)) { }

    private static UNetConfig RequireDimensions(UNetConfig config) =>
        config.SpatialDimensions == 2 ? config
            : throw new ArgumentException($"UNet2D needs SpatialDimensions = 2, not {config.SpatialDimensions}.", nameof(config));
}
