using UNet3D.Lab.Experiments.Inference;
using UNet3D.Lab.Experiments.Metrics;
using UNet3D.Lab.Experiments.Models;
using static TorchSharp.torch;

namespace UNet3D.Lab.Experiments.Runs;

/// <summary>
/// Scores a network on the voxels <see cref="ExperimentData"/> set aside for testing: after training for the final
/// metrics, and while it trains for the validation curve. Both segment every evaluation sample densely, in eval mode,
/// with the same tile and BatchNorm choice, so the last validation point and the final metrics agree.
/// </summary>
public sealed class HeldOutEvaluation(
    UNet model,
    IReadOnlyList<EvaluationSample> samples,
    IReadOnlyList<int> inferenceTile,
    bool batchStatisticsAtInference,
    IReadOnlyList<int> iouClasses,
    Device device,
    LabelSet? labelSet = null,
    Training.Precision precision = Training.Precision.Fp32)
{
    private readonly VolumePredictor predictor = new(model, inferenceTile, batchStatisticsAtInference, precision);

    /// <summary>Each sample's scores; leaves the model in eval mode.</summary>
    public IReadOnlyList<SegmentationScore> Score(CancellationToken cancellation = default)
    {
        var scores = new List<SegmentationScore>(samples.Count);
        foreach (var sample in samples)
        {
            cancellation.ThrowIfCancellationRequested();
            scores.Add(Score(sample));
        }
        return scores;
    }

    /// <summary>
    /// The scores in the middle of training: eval mode while it measures (BatchNorm's running statistics are read,
    /// never updated), then the mode the model was in.
    /// </summary>
    public ValidationScore Validate(CancellationToken cancellation = default)
    {
        var training = model.training;
        try
        {
            return ValidationScore.Of(Score(cancellation)) with { ClassNames = labelSet is { IsPaper: false } named ? named.Names : null };
        }
        finally
        {
            if (training) model.train();
        }
    }

    private SegmentationScore Score(EvaluationSample sample)
    {
        using var scope = NewDisposeScope();
        var volume = sample.Volume;
        var image = tensor(VolumeNormalisation.StandardiseChannels(volume),
            [volume.Channels, volume.Shape.Z, volume.Shape.Y, volume.Shape.X]).to(device);
        var predicted = predictor.PredictLabels(image);
        var matrix = new ConfusionMatrix(model.Config.Classes);
        var tested = sample.Tested;
        matrix.Add(volume.Labels, predicted, i => tested[i]);
        return SegmentationScore.From(sample.Name, matrix, iouClasses);
    }
}
