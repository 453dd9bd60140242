using System.Text.Json.Serialization;

namespace UNet3D.Lab.Experiments.Runs;

/// <summary>
/// What a finished experiment measured: one score per sample on voxels it was not trained on. The one definition
/// of an experiment's metrics: stored by its grain, served by the API under <c>metrics</c>, drawn by the pages.
/// </summary>
/// <param name="Samples">The training datasets first, then the datasets only tested on (annotated fraction 0).</param>
/// <param name="MeanIoU">Mean over the samples of the headline IoU (the classes of <paramref name="IoUClasses"/>).</param>
/// <param name="ClassWeights">The loss weights used, per label.</param>
/// <param name="TrainingSeconds">Wall time of training, the measurements of <paramref name="ValidationSeconds"/> included.</param>
/// <param name="ValidationSeconds">The part of the training time spent measuring the held-out IoU every
/// <c>evaluateEvery</c> steps (0 for results recorded before it was measured).</param>
/// <param name="TorchThreads">The libtorch threads per operation it trained and measured with, which float32 results
/// depend on (0 for results recorded before it was recorded).</param>
/// <param name="Classes">The class names in label order, which the per-class arrays are indexed by; null for results
/// recorded before datasets declared their classes (the paper's three).</param>
public sealed record ExperimentResult(
    IReadOnlyList<SampleResult> Samples,
    [property: JsonPropertyName("meanIou")] double MeanIoU,
    [property: JsonPropertyName("iouClasses")] IReadOnlyList<int> IoUClasses,
    IReadOnlyList<float> ClassWeights,
    long TrainableParameters,
    long BatchNormParameters,
    int Iterations,
    double FinalLoss,
    double TrainingSeconds,
    double EvaluationSeconds,
    string Device,
    double ValidationSeconds = 0,
    int TorchThreads = 0,
    IReadOnlyList<string>? Classes = null)
{
    /// <summary>The classes the metrics are indexed by.</summary>
    [JsonIgnore]
    public LabelSet LabelSet => Classes is null ? LabelSet.Paper : new LabelSet(Classes);

    /// <summary>Which classes the headline IoU averages, in words, to print next to every number.</summary>
    [JsonPropertyName("iouClassNames")]
    public string IoUClassNames => string.Join(" + ", IoUClasses.Select(LabelSet.Name));

    /// <summary>These metrics as the last point of the validation curve (the headline is <see cref="MeanIoU"/>).</summary>
    [JsonIgnore]
    public Metrics.ValidationScore Validation => Metrics.ValidationScore.Of(Samples.Select(s => (s.IoU, s.ClassIoU)))
        with { ClassNames = LabelSet.IsPaper ? null : Classes };
}
