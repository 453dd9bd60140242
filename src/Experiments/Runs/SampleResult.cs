using System.Text.Json.Serialization;

namespace UNet3D.Lab.Experiments.Runs;

/// <summary>
/// One sample's scores on its held-out voxels; per-class arrays are indexed by label (the experiment's
/// <see cref="ExperimentResult.Classes"/>).
/// </summary>
/// <param name="IoU">The headline IoU: the mean over the experiment's IoU classes.</param>
/// <param name="AnnotatedFraction">Share of the sample's voxels annotated for training (0 for a test-only dataset).</param>
public sealed record SampleResult(
    string Sample,
    [property: JsonPropertyName("iou")] double IoU,
    [property: JsonPropertyName("classIou")] IReadOnlyList<double> ClassIoU,
    IReadOnlyList<double> ClassDice,
    long EvaluatedVoxels,
    double AnnotatedFraction);
