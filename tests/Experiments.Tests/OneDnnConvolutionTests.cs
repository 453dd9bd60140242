using TorchSharp;
using UNet3D.Lab.Experiments.Training;
using static TorchSharp.torch;

namespace UNet3D.Lab.Experiments.Tests;

// Inside the namespace, so that UNet3D means the model class, not the root namespace.
using UNet3D.Lab.Experiments.Models;

public sealed class OneDnnConvolutionTests
{
    public static TheoryData<long, long, long, long[], bool> Layouts => new()
    {
        // The first layer: 3 channels padded to 8, batch one split into two depth slabs (output depth 8).
        { 3, 5, 3, [1, 3, 10, 9, 11], false },
        // Padded, odd output depth (7): PyTorch's native path.
        { 3, 5, 3, [1, 3, 9, 10, 11], false },
        // Padded, batch of two: each sample one channels-last slab.
        { 3, 5, 3, [2, 3, 10, 9, 11], false },
        // One channel (a grey-value volume): padded, else its layout is ambiguous.
        { 1, 4, 3, [2, 1, 8, 7, 6], false },
        // Enough channels, batch one, small: two slabs, no padding.
        { 8, 4, 3, [1, 8, 12, 7, 6], false },
        // A 1×1×1 convolution (the head) split into slabs.
        { 16, 3, 1, [1, 16, 6, 5, 5], false },
        // Above PyTorch's native-path limit, in PyTorch's default layout (a concatenated skip connection): copied
        // channels-last. This is the layer whose input gradient was wrong on AVX-512 EPYC machines.
        { 48, 4, 3, [1, 48, 24, 24, 5], false },
        // The same input already channels-last: the plain call.
        { 48, 4, 3, [1, 48, 24, 24, 5], true },
        // Batch of two with many channels, contiguous: copied channels-last.
        { 16, 5, 3, [2, 16, 10, 9, 11], false },
        // 2D: the first layer of the 2D network on a batch of slices, a small batch-one image (native path),
        // a large one above the limit, and the head.
        { 3, 8, 3, [4, 3, 20, 19], false },
        { 8, 16, 3, [1, 8, 34, 34], false },
        { 32, 16, 3, [1, 32, 60, 58], false },
        { 16, 3, 1, [2, 16, 12, 12], true },
    };

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Gives_the_float64_convolution_result_and_gradients(long inChannels, long outChannels, long kernel, long[] inputShape, bool channelsLastInput) =>
        AssertFloat64Results(inChannels, outChannels, kernel, inputShape, channelsLastInput, Precision.Fp32, GradientAssert.RelativeTolerance);

    /// <summary>
    /// The same layers under an autocast, against float64 within the low precision's rounding: an input, weight and
    /// output each rounded to 8 (bf16) or 11 (fp16) significant bits stay within 2% or 0.5% of the largest value. On
    /// this CPU oneDNN's bf16 kernels were off by 30–100% or NaN in the blocked layout and, channels-last, in the input
    /// gradient of layers whose output channels do not fill blocks of 16.
    /// </summary>
    [Theory]
    [MemberData(nameof(Layouts))]
    public void Gives_the_float64_result_and_gradients_within_bf16_rounding(long inChannels, long outChannels, long kernel, long[] inputShape, bool channelsLastInput) =>
        AssertFloat64Results(inChannels, outChannels, kernel, inputShape, channelsLastInput, Precision.Bf16, 0.02);

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Gives_the_float64_result_and_gradients_within_fp16_rounding(long inChannels, long outChannels, long kernel, long[] inputShape, bool channelsLastInput) =>
        AssertFloat64Results(inChannels, outChannels, kernel, inputShape, channelsLastInput, Precision.Fp16, 0.005);

    private static void AssertFloat64Results(long inChannels, long outChannels, long kernel, long[] inputShape, bool channelsLastInput, Precision precision, double tolerance)
    {
        using var scope = NewDisposeScope();
        var spatial = inputShape.Length - 2;
        var generator = new Generator(7);
        var ours = new OneDnnConvolution(spatial, inChannels, outChannels, kernel);
        long[] weightShape = [outChannels, inChannels, .. Enumerable.Repeat(kernel, spatial)];
        var weight = randn(weightShape, generator: generator);
        var bias = randn([outChannels], generator: generator);
        using (no_grad())
        {
            var parameters = ours.named_parameters().ToDictionary(p => p.name, p => p.parameter);
            parameters["weight"].copy_(weight);
            parameters["bias"].copy_(bias);
        }
        var input = randn(inputShape, generator: generator);
        var oursInput = (channelsLastInput ? ChannelsLastCopy(input) : input.clone()).requires_grad_(true);
        var referenceInput = input.to(float64).requires_grad_(true);
        var referenceWeight = weight.to(float64).requires_grad_(true);
        var referenceBias = bias.to(float64).requires_grad_(true);

        Tensor result;
        using (Autocast.Enter(precision)) result = ours.forward(oursInput);
        var reference = spatial == 3
            ? nn.functional.conv3d(referenceInput, referenceWeight, referenceBias)
            : nn.functional.conv2d(referenceInput, referenceWeight, referenceBias);
        Assert.Equal(reference.shape, result.shape);
        GradientAssert.Close("result", reference, result, tolerance);

        // Same upstream gradient through both: weight, bias and input must receive the same gradients.
        var upstream = randn(reference.shape, generator: generator);
        (result * upstream).sum().backward();
        (reference * upstream.to(float64)).sum().backward();
        var oursGrad = ours.named_parameters().ToDictionary(p => p.name, p => p.parameter.grad!);
        Assert.Equal(weightShape, oursGrad["weight"].shape);
        GradientAssert.Close("weight gradient", referenceWeight.grad!, oursGrad["weight"], tolerance);
        GradientAssert.Close("bias gradient", referenceBias.grad!, oursGrad["bias"], tolerance);
        GradientAssert.Close("input gradient", referenceInput.grad!, oursInput.grad!, tolerance);
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

    [Fact]
    public void Planar_network_has_the_parameters_of_Conv2d()
    {
        using var model = new UNet2D(new UNetConfig(2, 3, 3, 2, 2, BatchNorm: false));
        var weight = model.named_parameters().Single(p => p.name.StartsWith("analysis.0.", StringComparison.Ordinal) && p.name.EndsWith("conv1.weight", StringComparison.Ordinal));
        Assert.Equal([2L, 3, 3, 3], weight.parameter.shape);
        var head = model.named_parameters().Single(p => p.name == "head.weight");
        Assert.Equal([3L, 4, 1, 1], head.parameter.shape); // 4 channels leave the first level
    }

    private static Tensor ChannelsLastCopy(Tensor input)
    {
        long[] toLast = input.dim() == 5 ? [0, 2, 3, 4, 1] : [0, 2, 3, 1];
        long[] fromLast = input.dim() == 5 ? [0, 4, 1, 2, 3] : [0, 3, 1, 2];
        return input.permute(toLast).contiguous().permute(fromLast);
    }
}
