using UNet3D.Lab.Experiments.Data;
using UNet3D.Lab.Experiments.Runs;

namespace UNet3D.Lab.Silo.Models;

/// <summary>The final measurements of a completed experiment.</summary>
[GenerateSerializer, Immutable]
public sealed record ExperimentMetrics(
    [property: Id(0)] SampleMetrics[] Samples,
    [property: Id(1)] double MeanIoU,
    [property: Id(2)] int[] IoUClasses,
    [property: Id(3)] float[] ClassWeights,
    [property: Id(4)] long TrainableParameters,
    [property: Id(5)] long BatchNormParameters,
    [property: Id(6)] double TrainingSeconds,
    [property: Id(7)] double EvaluationSeconds,
    [property: Id(8)] string Device,
    [property: Id(9)] double FinalLoss)
{
    /// <summary>Which classes the headline IoU averages, in words, to print next to every number.</summary>
    public string IoUClassNames => string.Join(" + ", IoUClasses.Select(SegmentationLabels.Name));

    /// <remarks>
    /// Samples list the training datasets first, in the order of <see cref="ExperimentResult.AnnotatedFractions"/>,
    /// then the datasets only tested on, which had nothing annotated for training (fraction 0).
    /// </remarks>
    public static ExperimentMetrics From(ExperimentResult result) => new(
        result.Samples.Select((s, i) => new SampleMetrics(s.Sample, s.HeadlineIoU, s.IoU.ToArray(), s.Dice.ToArray(),
            // Samples trained on come first, with their annotated share; test datasets were never annotated.
            s.EvaluatedVoxels, i < result.AnnotatedFractions.Count ? result.AnnotatedFractions[i] : 0)).ToArray(),
        result.MeanHeadlineIoU,
        result.HeadlineClasses.ToArray(),
        result.ClassWeights.ToArray(),
        result.TrainableParameters,
        result.BatchNormParameters,
        result.TrainingTime.TotalSeconds,
        result.EvaluationTime.TotalSeconds,
        result.Device,
        result.FinalLoss);
}
