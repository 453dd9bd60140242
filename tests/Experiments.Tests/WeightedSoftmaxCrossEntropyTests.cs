using TorchSharp;
using UNet3D.Lab.Experiments.Data;
using UNet3D.Lab.Experiments.Losses;
using static TorchSharp.torch;

namespace UNet3D.Lab.Experiments.Tests;

public sealed class WeightedSoftmaxCrossEntropyTests
{
    private static readonly float[] Weights = [2f, 1f, 0.5f];

    [Fact]
    public void Unlabeled_voxels_change_neither_loss_nor_gradients()
    {
        random.manual_seed(7);
        var loss = new WeightedSoftmaxCrossEntropy(Weights);
        using var labels = randint(0, 3, [1, 4, 5, 6]).to_type(ScalarType.Int64);
        using var unlabeledMask = rand([1, 4, 5, 6]).lt(0.5);
        labels.masked_fill_(unlabeledMask, SegmentationLabels.Unlabeled);

        using var logitsA = randn([1, 3, 4, 5, 6]).requires_grad_();
        // Same scores on labelled voxels, wildly different ones where nothing is annotated.
        using var noise = randn([1, 3, 4, 5, 6]) * 50;
        using var logitsB = logitsA.detach().where(unlabeledMask.unsqueeze(1).logical_not(), noise).requires_grad_();

        using var lossA = loss.Compute(logitsA, labels);
        using var lossB = loss.Compute(logitsB, labels);
        lossA.backward();
        lossB.backward();

        Assert.Equal(lossA.item<float>(), lossB.item<float>(), 5);
        Assert.True(logitsA.grad!.allclose(logitsB.grad!, rtol: 1e-5, atol: 1e-7));
        using var gradientAtUnlabeled = logitsA.grad!.abs().masked_select(unlabeledMask.unsqueeze(1).expand_as(logitsA)).sum();
        Assert.Equal(0f, gradientAtUnlabeled.item<float>());
    }

    [Fact]
    public void Equals_the_weighted_mean_of_labelled_voxels_computed_by_hand()
    {
        // Two voxels: one labelled class 0 with scores (2, 1, 0), one unlabeled. Only the first counts.
        using var logits = tensor(new float[] { 2f, 0f, 1f, 0f, 0f, 0f }, [1, 3, 2]);
        using var labels = tensor(new long[] { 0, SegmentationLabels.Unlabeled }, [1, 2]);
        var expected = -Math.Log(Math.Exp(2) / (Math.Exp(2) + Math.Exp(1) + Math.Exp(0)));
        using var value = new WeightedSoftmaxCrossEntropy(Weights).Compute(logits, labels);
        Assert.Equal(expected, value.item<float>(), 5);
    }

    [Fact]
    public void No_labelled_voxel_gives_zero_loss_not_nan()
    {
        using var logits = randn([1, 3, 2, 2]);
        using var labels = full([1, 2, 2], (long)SegmentationLabels.Unlabeled);
        using var value = new WeightedSoftmaxCrossEntropy(Weights).Compute(logits, labels);
        Assert.Equal(0f, value.item<float>());
    }

    [Fact]
    public void Balanced_weights_give_rare_classes_more_weight()
    {
        var shape = new VolumeShape(1, 1, 6);
        var annotation = SparseAnnotation.FromLabelVolume(shape, [0, 1, 2, 2, 2, 3]);
        var weights = ClassWeighting.Balanced([annotation]);
        // 5 labelled voxels, counts 1/1/3: w = 5 / (3 · n).
        Assert.Equal(5f / 3f, weights[0], 5);
        Assert.Equal(5f / 3f, weights[1], 5);
        Assert.Equal(5f / 9f, weights[2], 5);
    }
}
