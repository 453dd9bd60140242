namespace UNet3D.Lab.Experiments.Data;

/// <summary>The built-in samples S1–S3, one volume each, differing in contrast and noise as the paper's three embryos do.</summary>
public static class SyntheticDataset
{
    private static readonly (double Contrast, double Noise)[] Appearance = [(1.0, 0.08), (0.85, 0.10), (0.7, 0.12)];

    public static IReadOnlyList<LabeledVolume> Create(VolumeShape shape, int seed) =>
        // Plain arithmetic, not HashCode.Combine: that one is randomised per process and would change the data.
        Appearance.Select((look, i) => SyntheticTubuleVolume.Generate($"S{i + 1}", shape, unchecked(seed * 7919 + i), look.Contrast, look.Noise))
            .ToArray();
}
