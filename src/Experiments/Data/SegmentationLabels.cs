namespace UNet3D.Lab.Experiments.Data;

/// <summary>
/// The paper's label set (section 3): 0 inside the tubule, 1 tubule, 2 background, 3 unlabeled. The phantom's
/// <see cref="LabelSet"/> is <see cref="Set"/>; imported datasets declare their own.
/// </summary>
public static class SegmentationLabels
{
    public const byte InsideTubule = 0;
    public const byte Tubule = 1;
    public const byte Background = 2;
    public const byte Unlabeled = 3;

    /// <summary>Number of classes the paper's networks predict (unlabeled is not a class).</summary>
    public const int ClassCount = 3;

    public static LabelSet Set => LabelSet.Paper;

    public static string Name(int label) => LabelSet.Paper.Name(label);
}
