using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace UNet3D.Lab.Experiments.Models;

/// <summary>
/// A valid 3D convolution with few input channels (the network's first, on the 3-channel image) that runs on the
/// CPU as if it had <see cref="PaddedChannels"/>: oneDNN has no fast kernel for 3 input channels, and the zero
/// channels change neither the result nor the gradients. Measured on a 2-core AVX2 CPU, 60³ tile: 3→8 channels
/// took 51 ms forward and 51 ms backward, the padded channels-last call 9 ms and 14 ms. The padded input is laid
/// out channels-last, which the following layers keep (their kernels were 30–40% faster so). Parameters are those
/// of <c>Conv3d(in, out, kernel)</c>, named alike, so counts, initialisation and checkpoints do not change.
/// Small tiles take the plain path: at the smoke preset's 36³ the padded step was slower (200–240 vs 157–189 ms per
/// step, 1 thread), at 60³ (the former cpu preset's 3-level tile) faster
/// (348 vs 515 ms). Today it serves the paper preset and prediction with large tiles.
/// </summary>
internal sealed class ChannelPaddedConvolution3d : nn.Module<Tensor, Tensor>
{
    public const int PaddedChannels = 8;

    /// <summary>Voxels per channel from which the padded path runs: between 36³ (slower) and 60³ (faster).</summary>
    public const long DefaultMinimumVoxels = 100_000;

    private readonly long minimumVoxels;

#pragma warning disable IDE1006 // Parameter names as in TorchSharp's Conv3d keep state-dict keys unchanged.
    private readonly Parameter weight;
    private readonly Parameter bias;
#pragma warning restore IDE1006

    public ChannelPaddedConvolution3d(long inChannels, long outChannels, long kernel, long minimumVoxels = DefaultMinimumVoxels)
        : base(nameof(ChannelPaddedConvolution3d))
    {
        this.minimumVoxels = minimumVoxels;
        if (inChannels >= PaddedChannels)
            throw new ArgumentOutOfRangeException(nameof(inChannels), inChannels, $"Only convolutions with fewer than {PaddedChannels} input channels are padded.");
        // PyTorch's Conv3d initialisation: uniform in ±1/√fan_in for weight and bias.
        var bound = 1.0 / Math.Sqrt(inChannels * kernel * kernel * kernel);
        weight = new Parameter(empty([outChannels, inChannels, kernel, kernel, kernel]).uniform_(-bound, bound));
        bias = new Parameter(empty([outChannels]).uniform_(-bound, bound));
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        if (input.device_type != DeviceType.CPU || input.shape[2] * input.shape[3] * input.shape[4] < minimumVoxels)
            return nn.functional.conv3d(input, weight, bias);

        using var scope = NewDisposeScope();
        var shape = input.shape;
        var channels = shape[1];
        var missing = PaddedChannels - channels;
        // [N, D, H, W, C] storage viewed as [N, C, D, H, W]: channels-last with the extra channels zero.
        var padded = zeros([shape[0], shape[2], shape[3], shape[4], PaddedChannels], dtype: input.dtype, device: input.device);
        padded.narrow(4, 0, channels).copy_(input.permute(0, 2, 3, 4, 1));
        var paddedWeight = nn.functional.pad(weight, [0, 0, 0, 0, 0, 0, 0, missing]);
        return nn.functional.conv3d(padded.permute(0, 4, 1, 2, 3), paddedWeight, bias).MoveToOuterDisposeScope();
    }
}
