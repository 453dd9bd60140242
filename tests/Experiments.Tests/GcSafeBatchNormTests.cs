using UNet3D.Lab.Experiments.Models;
using static TorchSharp.torch;

namespace UNet3D.Lab.Experiments.Tests;

/// <summary>The lab's BatchNorm: TorchSharp's to the bit and in its state-dict keys, and safe from collections on other threads.</summary>
public sealed class GcSafeBatchNormTests
{
    [Theory]
    [InlineData(3)]
    [InlineData(2)]
    public void Normalises_and_tracks_statistics_as_TorchSharps_BatchNorm(int dims)
    {
        using var lab = new GcSafeBatchNorm(4, dims);
        using nn.Module<Tensor, Tensor> reference = dims == 3 ? nn.BatchNorm3d(4) : nn.BatchNorm2d(4);
        Assert.Equal(reference.state_dict().Keys.Order(), lab.state_dict().Keys.Order());
        var generator = new Generator(7);
        long[] shape = dims == 3 ? [2, 4, 3, 5, 6] : [2, 4, 5, 6];
        for (var step = 0; step < 4; step++)
        {
            using var input = randn(shape, generator: generator) * 3 + 1;
            using var ours = lab.forward(input);
            using var theirs = reference.forward(input);
            Assert.True(ours.allclose(theirs, rtol: 0, atol: 0), $"training step {step} differs");
        }
        foreach (var (name, buffer) in reference.state_dict())
            Assert.True(lab.state_dict()[name].allclose(buffer, rtol: 0, atol: 0), $"{name} differs");
        Assert.Equal(4L, lab.state_dict()["num_batches_tracked"].item<long>());

        lab.eval();
        reference.eval();
        using var test = randn(shape, generator: generator);
        using var evaluated = lab.forward(test);
        using var expected = reference.forward(test);
        Assert.True(evaluated.allclose(expected, rtol: 0, atol: 0), "inference with running statistics differs");
        Assert.Equal(4L, lab.state_dict()["num_batches_tracked"].item<long>());
    }

    [Fact]
    public void Training_steps_survive_collections_on_another_thread()
    {
        using var norm = new GcSafeBatchNorm(2, 3);
        using (new CollectingThread())
        {
            using var input = randn([1, 2, 2, 2, 2]);
            for (var step = 0; step < 60_000; step++)
            {
                using var scope = NewDisposeScope();
                norm.forward(input);
            }
        }
        Assert.Equal(60_000L, norm.state_dict()["num_batches_tracked"].item<long>());
    }

    [Fact]
    public void A_wrong_rank_names_what_it_needs()
    {
        using var norm = new GcSafeBatchNorm(2, 3);
        using var input = randn([1, 2, 4, 4]);
        var error = Assert.Throws<ArgumentException>(() => norm.forward(input));
        Assert.Contains("3D BatchNorm needs a 5D input", error.Message);
    }
}
