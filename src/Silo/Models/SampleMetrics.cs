namespace UNet3D.Lab.Silo.Models;

/// <summary>Scores of one sample on its held-out voxels; per-class arrays are indexed by label (0 inside, 1 tubule, 2 background).</summary>
[GenerateSerializer, Immutable]
public sealed record SampleMetrics(
    [property: Id(0)] string Sample,
    [property: Id(1)] double IoU,
    [property: Id(2)] double[] ClassIoU,
    [property: Id(3)] double[] ClassDice,
    [property: Id(4)] long EvaluatedVoxels,
    [property: Id(5)] double AnnotatedFraction);
