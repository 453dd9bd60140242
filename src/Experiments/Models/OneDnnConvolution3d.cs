using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace UNet3D.Lab.Experiments.Models;

/// <summary>
/// A valid 3D convolution (parameters, names and initialisation of <c>Conv3d(in, out, kernel)</c>) that on the CPU
/// lays its input out so that PyTorch hands it to oneDNN:
/// <list type="bullet">
/// <item>PyTorch runs a batch-one convolution whose N×C×D×H is at most 20,480 on its native im2col path, which was
/// 1.7–3.6× slower per layer here than oneDNN at the `cpu` preset's sizes (8→16 channels at 34³: 36 ms forward and
/// backward against 10 ms as two slabs). All layers of a 36³ tile but one fall under that rule. So such an input
/// runs as two overlapping depth slabs in the batch dimension (each kernel − 1 rows deeper than half the output),
/// which PyTorch sends to oneDNN; the two outputs are the two halves of the result, in the same memory.</item>
/// <item>Fewer than <see cref="PaddedChannels"/> input channels (the 3-channel image) run as 8, the extra ones zero:
/// oneDNN has no fast kernel for 3 channels (60³: 51 ms forward, 51 backward; padded 9 and 14 ms).</item>
/// <item>Slabs are channels-last, which oneDNN's kernels prefer and the following layers keep.</item>
/// </list>
/// The result and the gradients are those of the plain convolution (tested); only the summation order differs.
/// GPUs, and inputs with 8 or more channels that PyTorch already sends to oneDNN or whose output depth is odd, take
/// the plain call.
/// </summary>
internal sealed class OneDnnConvolution3d : nn.Module<Tensor, Tensor>
{
    public const int PaddedChannels = 8;

    /// <summary>PyTorch's rule (Convolution.cpp, <c>use_mkldnn</c>): batch one with N×C×D×H up to this takes the native path.</summary>
    public const long NativePathLimit = 20_480;

#pragma warning disable IDE1006 // Parameter names as in TorchSharp's Conv3d keep state-dict keys unchanged.
    private readonly Parameter weight;
    private readonly Parameter bias;
#pragma warning restore IDE1006

    public OneDnnConvolution3d(long inChannels, long outChannels, long kernel)
        : base(nameof(OneDnnConvolution3d))
    {
        // PyTorch's Conv3d initialisation: uniform in ±1/√fan_in for weight and bias.
        var bound = 1.0 / Math.Sqrt(inChannels * kernel * kernel * kernel);
        weight = new Parameter(empty([outChannels, inChannels, kernel, kernel, kernel]).uniform_(-bound, bound));
        bias = new Parameter(empty([outChannels]).uniform_(-bound, bound));
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        if (input.device_type != DeviceType.CPU) return nn.functional.conv3d(input, weight, bias);

        var shape = input.shape;
        var (batch, channels, depth) = (shape[0], shape[1], shape[2]);
        var kernel = weight.shape[2];
        var outputDepth = depth - kernel + 1;
        var nativePath = batch == 1 && channels * depth * shape[3] <= NativePathLimit;
        var slabsPerSample = nativePath && outputDepth >= 2 && outputDepth % 2 == 0 ? 2 : 1;
        var padChannels = channels < PaddedChannels;
        if (slabsPerSample == 1 && !padChannels) return nn.functional.conv3d(input, weight, bias);

        using var scope = NewDisposeScope();
        var slabOutputDepth = outputDepth / slabsPerSample;
        var slabDepth = slabOutputDepth + kernel - 1;
        var slabChannels = Math.Max(channels, PaddedChannels);
        // [slab, D, H, W, C] storage: channels-last when viewed as [slab, C, D, H, W].
        long[] slabShape = [batch * slabsPerSample, slabDepth, shape[3], shape[4], slabChannels];
        var slabs = padChannels ? zeros(slabShape, dtype: input.dtype) : empty(slabShape, dtype: input.dtype);
        // Only a batch of one is split, so slab-major order is also sample-major, as the merge below expects.
        for (var slab = 0L; slab < slabsPerSample; slab++)
            slabs.narrow(0, slab * batch, batch).narrow(4, 0, channels)
                .copy_(input.narrow(2, slab * slabOutputDepth, slabDepth).permute(0, 2, 3, 4, 1));

        var slabWeight = padChannels ? nn.functional.pad(weight, [0, 0, 0, 0, 0, 0, 0, PaddedChannels - channels]) : weight;
        var output = nn.functional.conv3d(slabs.permute(0, 4, 1, 2, 3), slabWeight, bias);
        // The slabs of a sample lie one after another in depth: [sample·slab, d, h, w, c] is [sample, slab·d, h, w, c].
        var result = output.permute(0, 2, 3, 4, 1)
            .reshape(batch, outputDepth, output.shape[3], output.shape[4], output.shape[1])
            .permute(0, 4, 1, 2, 3);
        return result.MoveToOuterDisposeScope();
    }
}
