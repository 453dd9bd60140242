using TorchSharp;
using static TorchSharp.torch;

namespace UNet3D.Lab.Experiments.Tests;

// Inside the namespace, so that UNet3D means the model class, not the root namespace.
using UNet3D.Lab.Experiments.Models;

public sealed class ChannelPaddedConvolution3dTests
{
    [Fact]
    public void Padded_convolution_gives_the_plain_convolution_result_and_gradients()
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(7);
        var input = randn([2, 3, 9, 10, 11], generator: generator);
        var padded = new ChannelPaddedConvolution3d(3, 5, 3, minimumVoxels: 0);
        var plain = nn.Conv3d(3, 5, 3, bias: true);
        using (no_grad())
        {
            var weight = randn([5, 3, 3, 3, 3], generator: generator);
            var bias = randn([5], generator: generator);
            foreach (var module in new nn.Module[] { padded, plain })
            {
                var parameters = module.named_parameters().ToDictionary(p => p.name, p => p.parameter);
                parameters["weight"].copy_(weight);
                parameters["bias"].copy_(bias);
            }
        }

        var ours = padded.forward(input);
        var reference = plain.forward(input);
        Assert.Equal(reference.shape, ours.shape);
        Assert.True(ours.allclose(reference, rtol: 1e-4, atol: 1e-5), $"max difference {(ours - reference).abs().max().item<float>()}");

        // Same upstream gradient through both: the 3-channel weight and bias must receive the same gradients.
        var upstream = randn(reference.shape, generator: generator);
        (ours * upstream).sum().backward();
        (reference * upstream).sum().backward();
        var oursGrad = padded.named_parameters().ToDictionary(p => p.name, p => p.parameter.grad!);
        var referenceGrad = plain.named_parameters().ToDictionary(p => p.name, p => p.parameter.grad!);
        Assert.Equal([5L, 3, 3, 3, 3], oursGrad["weight"].shape);
        Assert.True(oursGrad["weight"].allclose(referenceGrad["weight"], rtol: 1e-4, atol: 1e-4));
        Assert.True(oursGrad["bias"].allclose(referenceGrad["bias"], rtol: 1e-4, atol: 1e-4));
    }

    [Fact]
    public void First_layer_keeps_the_state_dict_keys_of_a_plain_convolution()
    {
        using var model = new UNet3D(new UNetConfig(3, 3, 3, 2, 2, BatchNorm: false));
        var keys = model.state_dict().Keys.Where(k => k.StartsWith("analysis.0.", StringComparison.Ordinal)).ToArray();
        Assert.Contains(keys, k => k.EndsWith("conv1.weight", StringComparison.Ordinal));
        Assert.Contains(keys, k => k.EndsWith("conv1.bias", StringComparison.Ordinal));
        var weight = model.named_parameters().Single(p => p.name.StartsWith("analysis.0.", StringComparison.Ordinal) && p.name.EndsWith("conv1.weight", StringComparison.Ordinal));
        Assert.Equal([2L, 3, 3, 3, 3], weight.parameter.shape); // base channels 2 at the first level
    }

    [Fact]
    public void Only_few_input_channels_are_padded()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ChannelPaddedConvolution3d(8, 4, 3));
    }
}
