using TorchSharp.Modules;
using static TorchSharp.torch;

namespace UNet3D.Lab.Experiments.Models;

/// <summary>
/// A valid 2D or 3D convolution (parameters, names and initialisation of <c>Conv2d</c>/<c>Conv3d(in, out, kernel)</c>)
/// that on the CPU reaches oneDNN only in channels-last layout, which is both the layout oneDNN is fast in and the
/// only one whose backward pass is right on every CPU we run on (docs/engine.md, "oneDNN's blocked backward pass"):
/// <list type="bullet">
/// <item>An input that PyTorch sends to oneDNN is handed over channels-last with at least <see cref="PaddedChannels"/>
/// channels (a copy when it is not already so; the extra channels are zero). In PyTorch's default blocked layout,
/// oneDNN 3.7's JIT backward-data kernels return a wrong input gradient on some CPUs.</item>
/// <item>PyTorch runs a batch-one convolution whose first four dimensions multiply to at most
/// <see cref="NativePathLimit"/> on its native im2col path, 1.7–3.6× slower per layer than oneDNN at the `cpu`
/// preset's sizes. Such a 3D input runs as two overlapping depth slabs in the batch dimension (each kernel − 1 rows
/// deeper than half the output), which PyTorch sends to oneDNN; the two outputs are the two halves of the result, in
/// the same memory. 2D images keep the native path: split, the 2D `cpu` step was no faster (8–12 ms against 8–9).</item>
/// <item>Fewer than <see cref="PaddedChannels"/> input channels (the 3-channel image) run as 8: oneDNN has no fast
/// kernel for 3 channels, and a one-channel tensor is indistinguishable from the blocked layout.</item>
/// </list>
/// The result and the gradients are those of the plain convolution up to float32 summation order (tested against a
/// float64 reference). GPUs, other element types and inputs PyTorch keeps on its native path take the plain call, and so
/// does fp16 inside an <see cref="Autocast"/> scope (PyTorch's native kernels here, right in any layout). bf16 on the
/// CPU goes to oneDNN whatever its size and is wrong there in the blocked layout and, channels-last, in the input
/// gradient whenever the output channels do not fill blocks of 16: it runs channels-last with its output channels
/// padded to <see cref="OutputChannelBlock"/>.
/// </summary>
internal sealed class OneDnnConvolution : nn.Module<Tensor, Tensor>
{
    public const int PaddedChannels = 8;

    /// <summary>bf16 output channels on the CPU are computed in whole blocks of this many (the extra ones discarded).</summary>
    public const int OutputChannelBlock = 16;

    /// <summary>PyTorch's rule (Convolution.cpp, <c>use_mkldnn</c>): batch one with N×C×D×H (N×C×H×W) up to this
    /// takes the native path.</summary>
    public const long NativePathLimit = 20_480;

#pragma warning disable IDE1006 // Parameter names as in TorchSharp's Conv2d/Conv3d keep state-dict keys unchanged.
    private readonly Parameter weight;
    private readonly Parameter bias;
#pragma warning restore IDE1006

    public OneDnnConvolution(int spatialDimensions, long inChannels, long outChannels, long kernel)
        : base(nameof(OneDnnConvolution))
    {
        if (spatialDimensions is not (2 or 3))
            throw new ArgumentOutOfRangeException(nameof(spatialDimensions), spatialDimensions, "Only 2D and 3D convolutions exist.");
        // PyTorch's Conv2d/Conv3d initialisation: uniform in ±1/√fan_in for weight and bias.
        var kernelVolume = (long)Math.Pow(kernel, spatialDimensions);
        var bound = 1.0 / Math.Sqrt(inChannels * kernelVolume);
        long[] weightShape = [outChannels, inChannels, .. Enumerable.Repeat(kernel, spatialDimensions)];
        weight = new Parameter(empty(weightShape).uniform_(-bound, bound));
        bias = new Parameter(empty([outChannels]).uniform_(-bound, bound));
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        if (Autocast.ComputeType is { } low)
            return low == ScalarType.BFloat16 && input.device_type == DeviceType.CPU ? Bf16OnCpu(input) : ConvolveIn(low, input);
        if (input.device_type != DeviceType.CPU || input.dtype != ScalarType.Float32) return Convolve(input, weight);

        var shape = input.shape;
        var outputLength = shape[2] - weight.shape[2] + 1;
        if (!PyTorchUsesOneDnn(shape))
            return weight.dim() == 5 && outputLength >= 2 && outputLength % 2 == 0 ? ChannelsLast(input, slabsPerSample: 2, weight, bias) : Convolve(input, weight);
        return shape[1] >= PaddedChannels && ChannelsLastLayout.Is(input) ? Convolve(input, weight) : ChannelsLast(input, slabsPerSample: 1, weight, bias);
    }

    /// <summary>
    /// bf16 on the CPU, which PyTorch always hands to oneDNN: channels-last (at least <see cref="PaddedChannels"/>
    /// input channels) and with the output channels padded to a multiple of <see cref="OutputChannelBlock"/>, the only
    /// form whose forward pass and input gradient are right here (docs/engine.md, "Precision").
    /// </summary>
    private Tensor Bf16OnCpu(Tensor input)
    {
        using var scope = NewDisposeScope();
        var outChannels = weight.shape[0];
        var extra = (OutputChannelBlock - outChannels % OutputChannelBlock) % OutputChannelBlock;
        var lowInput = Autocast.Cast(input, ScalarType.BFloat16);
        var lowWeight = weight.to_type(ScalarType.BFloat16);
        var lowBias = bias.to_type(ScalarType.BFloat16);
        if (extra > 0)
        {
            // pad lists (before, after) pairs from the last dimension backwards; the output channels are dimension 0.
            var padding = new long[2 * lowWeight.dim()];
            padding[^1] = extra;
            lowWeight = nn.functional.pad(lowWeight, padding);
            lowBias = nn.functional.pad(lowBias, [0, extra]);
        }
        var output = lowInput.shape[1] >= PaddedChannels && ChannelsLastLayout.Is(lowInput)
            ? Convolve(lowInput, lowWeight, lowBias)
            : ChannelsLast(lowInput, slabsPerSample: 1, lowWeight, lowBias);
        return (extra > 0 ? output.narrow(1, 0, outChannels) : output).MoveToOuterDisposeScope();
    }

    /// <summary>PyTorch's <c>use_mkldnn</c> for a float32 CPU input of this shape and this layer's weight.</summary>
    private bool PyTorchUsesOneDnn(long[] shape)
    {
        var batch = shape[0];
        var pointwise = weight.shape.Skip(2).All(k => k == 1);
        if (pointwise && batch < 16 && get_num_threads() == 1) return false;
        return batch > 1 || shape[0] * shape[1] * shape[2] * shape[3] > NativePathLimit;
    }

    /// <summary>
    /// Copies the input channels-last (and to at least <see cref="PaddedChannels"/> channels) into
    /// <paramref name="slabsPerSample"/> overlapping slabs of its first spatial axis per sample and convolves them.
    /// </summary>
    private Tensor ChannelsLast(Tensor input, long slabsPerSample, Tensor kernelWeight, Tensor kernelBias)
    {
        using var scope = NewDisposeScope();
        var shape = input.shape;
        var (batch, channels, spatial) = (shape[0], shape[1], shape.Length - 2);
        var kernel = kernelWeight.shape[2];
        var outputLength = shape[2] - kernel + 1;
        var slabOutputLength = outputLength / slabsPerSample;
        var slabLength = slabOutputLength + kernel - 1;
        var slabChannels = Math.Max(channels, PaddedChannels);
        var toChannelsLast = ChannelsLastLayout.ToChannelsLast(spatial);
        var fromChannelsLast = ChannelsLastLayout.FromChannelsLast(spatial);

        // [slab, L, …, C] storage: channels-last when viewed as [slab, C, L, …].
        long[] slabShape = [batch * slabsPerSample, slabLength, .. shape[3..], slabChannels];
        var slabs = channels < slabChannels ? zeros(slabShape, dtype: input.dtype) : empty(slabShape, dtype: input.dtype);
        // Only a batch of one is split, so slab-major order is also sample-major, as the merge below expects.
        for (var slab = 0L; slab < slabsPerSample; slab++)
            slabs.narrow(0, slab * batch, batch).narrow(spatial + 1, 0, channels)
                .copy_(input.narrow(2, slab * slabOutputLength, slabLength).permute(toChannelsLast));

        var slabWeight = channels < slabChannels ? PadInputChannels(kernelWeight, slabChannels - channels) : kernelWeight;
        var output = Convolve(slabs.permute(fromChannelsLast), slabWeight, kernelBias);
        if (slabsPerSample == 1) return output.MoveToOuterDisposeScope();
        // The slabs of a sample lie one after another along the axis: [sample·slab, l, …, c] is [sample, slab·l, …, c].
        var outputChannelsLast = output.permute(toChannelsLast);
        long[] merged = [batch, outputLength, .. outputChannelsLast.shape[2..]];
        return outputChannelsLast.reshape(merged).permute(fromChannelsLast).MoveToOuterDisposeScope();
    }

    private Tensor Convolve(Tensor input, Tensor kernelWeight) => Convolve(input, kernelWeight, bias);

    private Tensor Convolve(Tensor input, Tensor kernelWeight, Tensor kernelBias) => weight.dim() == 5
        ? nn.functional.conv3d(input, kernelWeight, kernelBias)
        : nn.functional.conv2d(input, kernelWeight, kernelBias);

    /// <summary>The plain convolution in <paramref name="type"/>, as under PyTorch's autocast: input, weight and bias cast.</summary>
    private Tensor ConvolveIn(ScalarType type, Tensor input)
    {
        var lowInput = Autocast.Cast(input, type);
        using var lowWeight = weight.to_type(type);
        using var lowBias = bias.to_type(type);
        var output = Convolve(lowInput, lowWeight, lowBias);
        Autocast.ReleaseCast(lowInput, input);
        return output;
    }

    private static Tensor PadInputChannels(Tensor kernelWeight, long extra)
    {
        // pad lists (before, after) pairs from the last dimension backwards; the input channels are dimension 1.
        var padding = new long[2 * (kernelWeight.dim() - 1)];
        padding[^1] = extra;
        return nn.functional.pad(kernelWeight, padding);
    }
}
