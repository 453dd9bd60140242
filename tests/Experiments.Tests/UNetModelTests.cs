using TorchSharp;
using static TorchSharp.torch;

namespace UNet3D.Lab.Experiments.Tests;

// Inside the namespace, so that UNet3D means the model class, not the root namespace.
using UNet3D.Lab.Experiments.Models;

public sealed class UNetModelTests
{
    [Fact]
    public void Paper_configuration_has_the_published_parameter_count()
    {
        using var model = new UNet3D(UNetConfig.Paper(batchNorm: false));
        var count = model.CountParameters();
        Assert.Equal(19_069_955, count.Network);
        Assert.Equal(0, count.BatchNorm);
    }

    [Fact]
    public void BatchNorm_parameters_are_reported_separately()
    {
        using var model = new UNet3D(UNetConfig.Paper(batchNorm: true));
        var count = model.CountParameters();
        Assert.Equal(19_069_955, count.Network);
        // Scale and shift for every BN channel: analysis 32+64 | 64+128 | 128+256 | 256+512, synthesis 256+256 | 128+128 | 64+64.
        Assert.Equal(2 * (96 + 192 + 384 + 768 + 512 + 256 + 128), count.BatchNorm);
    }

    [Fact]
    public void Paper_topology_maps_the_paper_tile_to_the_paper_output()
    {
        // Same four levels and valid convolutions as the paper, narrower channels so the CPU test takes a second.
        random.manual_seed(1);
        using var model = new UNet3D(new UNetConfig(3, 3, 3, BaseChannels: 1, Levels: 4, BatchNorm: true));
        model.eval();
        using var noGrad = no_grad();
        using var input = randn([1, 3, 116, 132, 132]);
        using var output = model.forward(input);
        Assert.Equal([1L, 3, 28, 44, 44], output.shape);
    }

    [Fact]
    public void Two_dimensional_model_has_the_same_topology_in_a_plane()
    {
        random.manual_seed(1);
        using var model = new UNet2D(new UNetConfig(2, 3, 3, BaseChannels: 2, Levels: 4, BatchNorm: false));
        using var noGrad = no_grad();
        using var input = randn([2, 3, 132, 132]);
        using var output = model.forward(input);
        Assert.Equal([2L, 3, 44, 44], output.shape);
    }

    [Theory]
    [InlineData(3, 3)]
    [InlineData(2, 3)]
    public void Forward_without_autograd_cuts_skips_early_and_gives_the_same_scores(int dimensions, int levels)
    {
        torch.random.manual_seed(8);
        using var model = UNetFactory.Create(new UNetConfig(dimensions, 2, 3, BaseChannels: 2, Levels: levels, BatchNorm: true));
        model.eval();
        var size = new UNetGeometry(levels).SmallestValidInputAtLeast(50);
        using var input = torch.randn([1L, 2, .. Enumerable.Repeat((long)size, dimensions)]);

        using var withGrad = model.forward(input);
        using var noGrad = torch.no_grad();
        using var withoutGrad = model.forward(input);

        Assert.Equal(withGrad.shape, withoutGrad.shape);
        Assert.True(withGrad.detach().allclose(withoutGrad, rtol: 1e-5, atol: 1e-6), $"largest difference {(withGrad.detach() - withoutGrad).abs().max().item<float>()}");
    }

    [Fact]
    public void Wrong_input_size_is_rejected_with_nearest_sizes()
    {
        using var model = new UNet3D(new UNetConfig(3, 3, 3, 2, 2, false));
        using var input = zeros([1, 3, 27, 28, 28]);
        var error = Assert.Throws<ArgumentException>(() => { model.forward(input); });
        Assert.Contains("nearest valid sizes", error.Message);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Summary_counts_the_same_parameters_as_the_network(bool batchNorm)
    {
        var config = UNetConfig.Paper(batchNorm);
        using var model = new UNet3D(config);
        var summary = UNetSummary.Describe(config, [116, 132, 132]);
        var count = model.CountParameters();
        Assert.Equal(count.Network, summary.TrainableParameters);
        Assert.Equal(count.BatchNorm, summary.BatchNormParameters);
        Assert.Equal([28, 44, 44], summary.Output);
        Assert.Equal([28, 44, 44], summary.Layers[^1].OutputShape);
    }

    [Fact]
    public void Summary_flops_of_the_first_convolution_match_a_hand_count()
    {
        var summary = UNetSummary.Describe(UNetConfig.Paper(false), [116, 132, 132]);
        var first = summary.Layers[0];
        // 3 → 32 channels, 27 taps, output 114 × 130 × 130 voxels, 2 operations per multiply-add.
        Assert.Equal(2.0 * 3 * 32 * 27 * 114 * 130 * 130, first.Flops);
    }
}
