using TorchSharp;
using static TorchSharp.torch;

namespace UNet3D.Lab.Experiments.Losses;

/// <summary>
/// The paper's loss: softmax with weighted cross-entropy where unlabeled voxels have weight exactly 0, so only
/// annotated voxels contribute to the loss and its gradient. The result is the weighted mean over labelled voxels.
/// </summary>
public sealed class WeightedSoftmaxCrossEntropy
{
    private readonly float[] classWeights;

    public WeightedSoftmaxCrossEntropy(IReadOnlyList<float> classWeights, int unlabeled = SegmentationLabels.Unlabeled)
    {
        if (classWeights.Count < 2) throw new ArgumentException("At least two class weights are needed.", nameof(classWeights));
        foreach (var weight in classWeights)
            if (!float.IsFinite(weight) || weight < 0)
                throw new ArgumentException($"Class weights must be finite and non-negative; got {weight}.", nameof(classWeights));
        if (unlabeled < classWeights.Count)
            throw new ArgumentException($"The unlabeled value {unlabeled} collides with class {unlabeled}.", nameof(unlabeled));
        this.classWeights = classWeights.ToArray();
        Unlabeled = unlabeled;
    }

    public IReadOnlyList<float> ClassWeights => classWeights;

    public int Unlabeled { get; }

    /// <summary>
    /// <paramref name="logits"/>: [N, K, *spatial]; <paramref name="labels"/>: [N, *spatial] integer labels in
    /// 0..K-1 or <see cref="Unlabeled"/>. Returns a scalar; 0 when no voxel is labelled.
    /// </summary>
    public Tensor Compute(Tensor logits, Tensor labels)
    {
        if (logits.shape[1] != classWeights.Length)
            throw new ArgumentException($"Logits have {logits.shape[1]} classes but {classWeights.Length} class weights were given.", nameof(logits));
        if (!logits.shape.Skip(2).SequenceEqual(labels.shape.Skip(1)) || logits.shape[0] != labels.shape[0])
            throw new ArgumentException($"Logits [{string.Join(", ", logits.shape)}] and labels [{string.Join(", ", labels.shape)}] do not match.", nameof(labels));

        using var scope = NewDisposeScope();
        // Scalars held to the end: an implicitly converted one may be finalized while libtorch reads it (GcSafeAdam).
        using Scalar unlabeled = (long)Unlabeled, smallestSum = 1e-12;
        var target = labels.to_type(ScalarType.Int64);
        var labeled = target.ne(unlabeled);
        // Gather needs a valid class index everywhere; unlabeled voxels read class 0 and are then weighted 0.
        var safeTarget = target.where(labeled, zeros_like(target));
        var weightTable = tensor(classWeights, device: logits.device);
        // Scores computed in bf16 or fp16 are normalised in float32, as under PyTorch's autocast.
        var scores = logits.dtype is ScalarType.BFloat16 or ScalarType.Float16 ? logits.to_type(ScalarType.Float32) : logits;
        var voxelWeights = weightTable.index_select(0, safeTarget.flatten()).view_as(safeTarget) * labeled.to_type(scores.dtype);

        var logProbabilities = scores.log_softmax(1);
        var picked = logProbabilities.gather(1, safeTarget.unsqueeze(1)).squeeze(1);
        var weightSum = voxelWeights.sum();
        var loss = -(voxelWeights * picked).sum() / weightSum.clamp_min(smallestSum);
        return loss.MoveToOuterDisposeScope();
    }
}
