namespace UNet3D.Lab.Experiments.Models;

/// <summary>
/// Shape of a U-Net as in Çiçek et al. 2016, section 2: <see cref="Levels"/> resolution steps, channels doubled
/// before each pooling, valid convolutions. The paper network is <c>new UNetConfig(3, 3, 3, 32, 4, …)</c>.
/// </summary>
public sealed record UNetConfig(
    int SpatialDimensions,
    int InputChannels,
    int Classes,
    int BaseChannels,
    int Levels,
    bool BatchNorm)
{
    public static UNetConfig Paper(bool batchNorm) => new(3, 3, 3, 32, 4, batchNorm);

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first invalid field.</summary>
    public void Validate()
    {
        if (SpatialDimensions is not (2 or 3))
            throw new ArgumentException($"SpatialDimensions must be 2 or 3, not {SpatialDimensions}.", nameof(SpatialDimensions));
        if (InputChannels < 1)
            throw new ArgumentException($"InputChannels must be at least 1, not {InputChannels}.", nameof(InputChannels));
        if (Classes < 2)
            throw new ArgumentException($"Classes must be at least 2, not {Classes}.", nameof(Classes));
        if (BaseChannels < 1)
            throw new ArgumentException($"BaseChannels must be at least 1, not {BaseChannels}.", nameof(BaseChannels));
        if (Levels is < 1 or > 6)
            throw new ArgumentException($"Levels must be between 1 and 6, not {Levels}.", nameof(Levels));
    }

    /// <summary>Feature channels after the second convolution of analysis level <paramref name="level"/>.</summary>
    public int AnalysisChannels(int level) => BaseChannels << (level + 1);
}
