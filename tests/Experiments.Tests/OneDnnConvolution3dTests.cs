using TorchSharp;
using static TorchSharp.torch;

namespace UNet3D.Lab.Experiments.Tests;

// Inside the namespace, so that UNet3D means the model class, not the root namespace.
using UNet3D.Lab.Experiments.Models;

public sealed class OneDnnConvolution3dTests
{
    public static TheoryData<long, long, long, long[]> Layouts => new()
    {
        // The first layer: 3 channels padded to 8, batch one split into two depth slabs (output depth 8).
        { 3, 5, 3, [1, 3, 10, 9, 11] },
        // Padded, odd output depth (7): one slab.
        { 3, 5, 3, [1, 3, 9, 10, 11] },
        // Padded, batch of two: each sample one slab.
        { 3, 5, 3, [2, 3, 10, 9, 11] },
        // Enough channels, batch one, small: two slabs, no padding.
        { 8, 4, 3, [1, 8, 12, 7, 6] },
        // A 1×1×1 convolution (the head) split into slabs.
        { 16, 3, 1, [1, 16, 6, 5, 5] },
        // N×C×D×H above PyTorch's native-path limit: the plain call.
        { 48, 4, 3, [1, 48, 24, 24, 5] },
    };

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Gives_the_plain_convolution_result_and_gradients(long inChannels, long outChannels, long kernel, long[] inputShape)
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(7);
        var ours = new OneDnnConvolution3d(inChannels, outChannels, kernel);
        var plain = nn.Conv3d(inChannels, outChannels, kernel, bias: true);
        using (no_grad())
        {
            var weight = randn([outChannels, inChannels, kernel, kernel, kernel], generator: generator);
            var bias = randn([outChannels], generator: generator);
            foreach (var module in new nn.Module[] { ours, plain })
            {
                var parameters = module.named_parameters().ToDictionary(p => p.name, p => p.parameter);
                parameters["weight"].copy_(weight);
                parameters["bias"].copy_(bias);
            }
        }
        var input = randn(inputShape, generator: generator);
        var oursInput = input.clone().requires_grad_(true);
        var plainInput = input.clone().requires_grad_(true);

        var result = ours.forward(oursInput);
        var reference = plain.forward(plainInput);
        Assert.Equal(reference.shape, result.shape);
        Assert.True(result.allclose(reference, rtol: 1e-4, atol: 1e-4), $"max difference {(result - reference).abs().max().item<float>()}");

        // Same upstream gradient through both: weight, bias and input must receive the same gradients.
        var upstream = randn(reference.shape, generator: generator);
        (result * upstream).sum().backward();
        (reference * upstream).sum().backward();
        var oursGrad = ours.named_parameters().ToDictionary(p => p.name, p => p.parameter.grad!);
        var referenceGrad = plain.named_parameters().ToDictionary(p => p.name, p => p.parameter.grad!);
        Assert.Equal([outChannels, inChannels, kernel, kernel, kernel], oursGrad["weight"].shape);
        Assert.True(oursGrad["weight"].allclose(referenceGrad["weight"], rtol: 1e-4, atol: 1e-3));
        Assert.True(oursGrad["bias"].allclose(referenceGrad["bias"], rtol: 1e-4, atol: 1e-3));
        Assert.True(oursInput.grad!.allclose(plainInput.grad!, rtol: 1e-4, atol: 1e-4));
    }

    [Fact]
    public void Network_keeps_the_state_dict_keys_of_plain_convolutions()
    {
        using var model = new UNet3D(new UNetConfig(3, 3, 3, 2, 2, BatchNorm: false));
        var keys = model.state_dict().Keys.Where(k => k.StartsWith("analysis.0.", StringComparison.Ordinal)).ToArray();
        Assert.Contains(keys, k => k.EndsWith("conv1.weight", StringComparison.Ordinal));
        Assert.Contains(keys, k => k.EndsWith("conv1.bias", StringComparison.Ordinal));
        var weight = model.named_parameters().Single(p => p.name.StartsWith("analysis.0.", StringComparison.Ordinal) && p.name.EndsWith("conv1.weight", StringComparison.Ordinal));
        Assert.Equal([2L, 3, 3, 3, 3], weight.parameter.shape); // base channels 2 at the first level
    }
}
