using System.Text.Json.Serialization;
using UNet3D.Lab.Silo.Models;

namespace UNet3D.Lab.Web.Api;

/// <summary>Final metrics; <see cref="IoUClasses"/> names the classes the headline IoU averages.</summary>
public sealed record MetricsView(
    [property: JsonPropertyName("meanIou")] double MeanIoU,
    [property: JsonPropertyName("iouClasses")] int[] IoUClasses,
    [property: JsonPropertyName("iouClassNames")] string IoUClassNames,
    IReadOnlyList<SampleMetricsView> Samples,
    float[] ClassWeights,
    long TrainableParameters,
    long BatchNormParameters,
    double TrainingSeconds,
    double EvaluationSeconds,
    double FinalLoss,
    string Device)
{
    public static MetricsView From(ExperimentMetrics m) => new(
        m.MeanIoU, m.IoUClasses, m.IoUClassNames, m.Samples.Select(SampleMetricsView.From).ToArray(), m.ClassWeights,
        m.TrainableParameters, m.BatchNormParameters, m.TrainingSeconds, m.EvaluationSeconds, m.FinalLoss, m.Device);
}
