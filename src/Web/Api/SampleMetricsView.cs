using System.Text.Json.Serialization;
using UNet3D.Lab.Silo.Models;

namespace UNet3D.Lab.Web.Api;

/// <summary>One sample's scores; per-class arrays are indexed by label (0 inside tubule, 1 tubule, 2 background).</summary>
public sealed record SampleMetricsView(
    string Sample,
    [property: JsonPropertyName("iou")] double IoU,
    [property: JsonPropertyName("classIou")] double[] ClassIoU,
    double[] ClassDice,
    long EvaluatedVoxels,
    double AnnotatedFraction)
{
    public static SampleMetricsView From(SampleMetrics s) => new(s.Sample, s.IoU, s.ClassIoU, s.ClassDice, s.EvaluatedVoxels, s.AnnotatedFraction);
}
