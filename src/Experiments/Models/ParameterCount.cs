namespace UNet3D.Lab.Experiments.Models;

/// <summary>Trainable parameters of convolutions and up-convolutions, and of BatchNorm's affine transform.</summary>
public sealed record ParameterCount(long Network, long BatchNorm)
{
    public long Total => Network + BatchNorm;
}
