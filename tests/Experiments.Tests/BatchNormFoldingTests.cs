using UNet3D.Lab.Experiments.Inference;
using static TorchSharp.torch;

namespace UNet3D.Lab.Experiments.Tests;

// Inside the namespace, so that UNet3D means the model class, not the root namespace.
using UNet3D.Lab.Experiments.Models;

public sealed class BatchNormFoldingTests
{
    [Theory]
    [InlineData(3)]
    [InlineData(2)]
    public void Folded_copy_gives_the_eval_mode_logits_of_the_model(int dimensions)
    {
        random.manual_seed(11);
        using var model = UNetFactory.Create(new UNetConfig(dimensions, 2, 3, BaseChannels: 4, Levels: 2, BatchNorm: true));
        GiveBatchNormStatistics(model);
        model.eval();
        using var input = randn(dimensions == 3 ? [1L, 2, 28, 28, 28] : [1L, 2, 36, 36]);

        using var folded = BatchNormFolding.FoldedCopy(model)!;
        using var noGrad = no_grad();
        using var expected = model.forward(input);
        using var actual = folded.forward(input);

        Assert.False(folded.Config.BatchNorm);
        Assert.DoesNotContain(folded.named_buffers(), b => b.name.Contains("running_mean", StringComparison.Ordinal));
        var difference = (expected - actual).abs().max().item<float>();
        Assert.True(expected.allclose(actual, rtol: 1e-4, atol: 1e-4), $"largest logit difference {difference}");
    }

    [Fact]
    public void A_model_without_batch_norm_has_nothing_to_fold() =>
        Assert.Null(BatchNormFolding.FoldedCopy(new UNet3D(new UNetConfig(3, 1, 3, 2, 2, BatchNorm: false))));

    /// <summary>Running statistics, scale and shift far from their initial 0, 1, 1, 0, as after training.</summary>
    private static void GiveBatchNormStatistics(UNet model)
    {
        using var noGrad = no_grad();
        foreach (var (name, buffer) in model.named_buffers())
        {
            if (name.EndsWith("running_mean", StringComparison.Ordinal)) buffer.copy_(randn_like(buffer));
            if (name.EndsWith("running_var", StringComparison.Ordinal)) buffer.copy_(rand_like(buffer) * 3 + 0.2);
        }
        foreach (var (name, parameter) in model.named_parameters())
        {
            if (!name.Contains(".bn", StringComparison.Ordinal)) continue;
            parameter.copy_(name.EndsWith("weight", StringComparison.Ordinal) ? rand_like(parameter) * 2 + 0.1 : randn_like(parameter));
        }
    }
}
