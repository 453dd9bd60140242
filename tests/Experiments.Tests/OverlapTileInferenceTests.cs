using TorchSharp;
using UNet3D.Lab.Experiments.Inference;
using static TorchSharp.torch;

namespace UNet3D.Lab.Experiments.Tests;

// Inside the namespace, so that UNet3D means the model class, not the root namespace.
using UNet3D.Lab.Experiments.Models;

public sealed class OverlapTileInferenceTests
{
    [Fact]
    public void Result_does_not_depend_on_the_tile_size()
    {
        random.manual_seed(3);
        using var model = new UNet3D(new UNetConfig(3, 2, 3, BaseChannels: 2, Levels: 2, BatchNorm: true));
        model.eval();
        using var volume = randn([2, 13, 17, 19]);

        // 28 → 12 output voxels per axis, 36 → 20: different tilings of the same 13×17×19 volume.
        using var small = new OverlapTileInference(model, [28, 28, 28]).PredictProbabilities(volume);
        using var large = new OverlapTileInference(model, [36, 28, 44]).PredictProbabilities(volume);

        Assert.Equal([3L, 13, 17, 19], small.shape);
        Assert.True(small.allclose(large, rtol: 1e-4, atol: 1e-5), "probabilities differ between tilings");
        Assert.True(small.argmax(0).eq(large.argmax(0)).all().item<bool>(), "label maps differ between tilings");
    }

    [Fact]
    public void Probabilities_sum_to_one()
    {
        random.manual_seed(4);
        using var model = new UNet2D(new UNetConfig(2, 1, 3, 2, 2, false));
        model.eval();
        using var image = randn([1, 9, 30]);
        using var probabilities = new OverlapTileInference(model, [28, 28]).PredictProbabilities(image);
        using var sums = probabilities.sum(dim: 0);
        Assert.Equal([9L, 30], probabilities.shape.Skip(1));
        Assert.True(sums.allclose(ones_like(sums), rtol: 1e-5, atol: 1e-5), $"sums range {sums.min().item<float>()}..{sums.max().item<float>()}");
    }

    [Theory]
    [InlineData(-1, 5, 1)]
    [InlineData(-4, 5, 4)]
    [InlineData(5, 5, 3)]
    [InlineData(9, 5, 1)]
    [InlineData(-3, 1, 0)]
    public void Mirror_reflects_without_repeating_the_edge(int coordinate, int extent, int expected) =>
        Assert.Equal(expected, MirrorPadding.Reflect(coordinate, extent));
}
