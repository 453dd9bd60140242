namespace UNet3D.Lab.Experiments.Data;

/// <summary>
/// How one phantom sample looks: its staining, its optics and its anatomy (docs/data.md, "The three samples").
/// </summary>
/// <param name="Contrast">Scales the specific staining of lectin and beta-catenin above their tissue level.</param>
/// <param name="Brightness">Overall intensity before the detector response.</param>
/// <param name="ShotGain">Variance of the shot noise per unit of intensity.</param>
/// <param name="ReadNoise">Standard deviation of the read noise.</param>
/// <param name="AttenuationPerMicron">Depth attenuation k in exp(−k·z µm).</param>
/// <param name="Tubes">Tubule trees at paper size.</param>
/// <param name="RadiusScale">Median tubule calibre relative to the paper's 17 µm.</param>
/// <param name="Vesicles">Distractor vesicles at paper size.</param>
/// <param name="TissueLectin">Unspecific lectin staining of tissue (0.12 when the stain is clean).</param>
/// <param name="Gamma">Detector response exponent: 1 linear, below 1 lifts the dark and compresses the bright.</param>
/// <param name="Saturation">Intensity at which the detector clips.</param>
/// <param name="StainVariation">Amplitude of the smooth 3D field that makes the staining uneven across the stack.</param>
/// <param name="Debris">Density of bright debris clumps, relative to the usual.</param>
internal sealed record PhantomAppearance(
    double Contrast, double Brightness, double ShotGain, double ReadNoise, double AttenuationPerMicron,
    int Tubes, double RadiusScale, int Vesicles,
    double TissueLectin, double Gamma, double Saturation, double StainVariation, double Debris)
{
    /// <summary>
    /// S1 and S2 are alike; S3 is the outlier the paper's third volume was (section 3, Table 3): weaker and less specific
    /// staining seen through a compressive, clipping detector response, and a different tubule density (many more,
    /// thinner tubules), as well as dimmer, noisier and more attenuated.
    /// </summary>
    public static readonly PhantomAppearance[] Samples =
    [
        new(Contrast: 1.0, Brightness: 1.0, ShotGain: 0.015, ReadNoise: 0.02, AttenuationPerMicron: 0.006, Tubes: 7, RadiusScale: 1.0, Vesicles: 14,
            TissueLectin: 0.12, Gamma: 1.0, Saturation: double.PositiveInfinity, StainVariation: 0.35, Debris: 1.0),
        new(Contrast: 0.85, Brightness: 0.9, ShotGain: 0.02, ReadNoise: 0.025, AttenuationPerMicron: 0.007, Tubes: 6, RadiusScale: 0.9, Vesicles: 12,
            TissueLectin: 0.12, Gamma: 1.0, Saturation: double.PositiveInfinity, StainVariation: 0.35, Debris: 1.0),
        new(Contrast: 0.55, Brightness: 0.55, ShotGain: 0.04, ReadNoise: 0.04, AttenuationPerMicron: 0.012, Tubes: 12, RadiusScale: 0.75, Vesicles: 18,
            TissueLectin: 0.22, Gamma: 0.6, Saturation: 0.4, StainVariation: 0.45, Debris: 2.0),
    ];
}
