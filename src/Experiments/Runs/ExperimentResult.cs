using UNet3D.Lab.Experiments.Metrics;

namespace UNet3D.Lab.Experiments.Runs;

/// <summary>What a finished experiment measured: one score per sample on voxels it was not trained on.</summary>
public sealed record ExperimentResult(
    IReadOnlyList<SegmentationScore> Samples,
    double MeanHeadlineIoU,
    IReadOnlyList<int> HeadlineClasses,
    IReadOnlyList<float> ClassWeights,
    IReadOnlyList<double> AnnotatedFractions,
    long TrainableParameters,
    long BatchNormParameters,
    int Iterations,
    double FinalLoss,
    TimeSpan TrainingTime,
    TimeSpan EvaluationTime,
    string Device);
