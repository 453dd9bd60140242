using TorchSharp.Modules;
using static TorchSharp.torch;

namespace UNet3D.Lab.Experiments.Models;

/// <summary>
/// The U-Net topology of Çiçek et al. 2016 (section 2), for 2D or 3D operations: an analysis path of
/// <see cref="UNetConfig.Levels"/> steps (two valid convolutions each, channels doubled before 2×2(×2) max
/// pooling), a synthesis path of bias-free stride-2 up-convolutions that keep the channel count, centre-cropped
/// skip connections, and a 1×1(×1) convolution to the label scores.
/// </summary>
public abstract class UNet : nn.Module<Tensor, Tensor>
{
    private readonly ModuleList<nn.Module<Tensor, Tensor>> analysis = new();
    private readonly ModuleList<nn.Module<Tensor, Tensor>> upConvolutions = new();
    private readonly ModuleList<nn.Module<Tensor, Tensor>> synthesis = new();
    private readonly nn.Module<Tensor, Tensor> pool;
    private readonly nn.Module<Tensor, Tensor> head;

    private protected UNet(string name, UNetConfig config) : base(name)
    {
        config.Validate();
        Config = config;
        Geometry = new UNetGeometry(config.Levels);
        var ops = SpatialOperations.For(config.SpatialDimensions);

        for (var level = 0; level < config.Levels; level++)
        {
            var inChannels = level == 0 ? config.InputChannels : config.AnalysisChannels(level - 1);
            var middle = config.BaseChannels << level;
            analysis.Add(new DoubleConvolution(ops, inChannels, middle, config.AnalysisChannels(level), config.BatchNorm));
        }
        for (var level = 0; level < config.Levels - 1; level++)
        {
            var fromBelow = config.AnalysisChannels(level + 1);
            var channels = config.AnalysisChannels(level);
            upConvolutions.Add(ops.UpConvolution(fromBelow));
            synthesis.Add(new DoubleConvolution(ops, channels + fromBelow, channels, channels, config.BatchNorm));
        }
        pool = ops.MaxPool();
        head = ops.Convolution(config.AnalysisChannels(0), config.Classes, 1);
        RegisterComponents();
    }

    public UNetConfig Config { get; }

    public UNetGeometry Geometry { get; }

    /// <summary>Maps [N, C, *spatial] to label scores [N, Classes, *outputSpatial] (unnormalised logits).</summary>
    public override Tensor forward(Tensor input)
    {
        var expectedRank = Config.SpatialDimensions + 2;
        if (input.dim() != expectedRank)
            throw new ArgumentException($"Expected a {expectedRank}-D input [N, C, spatial…], got shape [{string.Join(", ", input.shape)}].", nameof(input));
        for (var axis = 2; axis < expectedRank; axis++)
            Geometry.OutputSize((int)input.shape[axis]);

        // Intermediate tensors are released as soon as they are consumed, and without autograd each skip is cut to
        // the part the synthesis path reads: at inference the peak is then about one level's activations, not all.
        var inference = !is_grad_enabled();
        var skipExtents = inference ? SkipExtents(input) : null;
        var skips = new List<Tensor>(Config.Levels - 1);
        // cuDNN picks its channels-last kernels (the fast ones for bf16 and fp16) when the input is channels-last, and
        // the layout then carries through every layer. The parameters keep PyTorch's layout: TorchSharp saves a
        // tensor's storage as it lies, so a channels-last parameter would be written to checkpoints scrambled.
        var x = input.device_type == DeviceType.CUDA && !ChannelsLastLayout.Is(input) ? ChannelsLastLayout.Copy(input) : input;
        for (var level = 0; level < Config.Levels; level++)
        {
            var features = analysis[level].forward(x);
            Release(x, input);
            if (level == Config.Levels - 1) { x = features; break; }
            if (skipExtents is not null)
            {
                var view = CentreCrop(features, skipExtents[level]);
                skips.Add(view.clone()); // clone keeps oneDNN's channels-last layout; contiguous() would not
                if (!ReferenceEquals(view, features)) view.Dispose();
                x = pool.forward(features);
                features.Dispose();
            }
            else
            {
                skips.Add(features);
                x = pool.forward(features);
            }
        }
        for (var level = Config.Levels - 2; level >= 0; level--)
        {
            var up = Autocast.ComputeType is { } low ? UpConvolveIn(low, upConvolutions[level], x) : upConvolutions[level].forward(x);
            x.Dispose();
            var skip = CentreCrop(skips[level], up.shape[2..]);
            // After BatchNorm the skip is float32 and the up-convolution's output is not: the next convolution
            // would cast their concatenation to the compute type anyway.
            var sameType = Autocast.Cast(skip, up.dtype);
            var joined = torch.cat([sameType, up], 1);
            Autocast.ReleaseCast(sameType, skip);
            if (!ReferenceEquals(skip, skips[level])) skip.Dispose();
            skips[level].Dispose();
            up.Dispose();
            x = synthesis[level].forward(joined);
            joined.Dispose();
        }
        var scores = head.forward(x);
        x.Dispose();
        if (Autocast.ComputeType is null || scores.dtype == ScalarType.Float32) return scores;
        // Softmax and the loss run in float32, as under PyTorch's autocast.
        var single = scores.to_type(ScalarType.Float32);
        scores.Dispose();
        return single;
    }

    /// <summary>
    /// The bias-free stride-2 up-convolution with its input and weight cast to <paramref name="type"/>. bf16 on the CPU
    /// runs channels-last: oneDNN's bf16 kernels in the blocked layout are wrong here when the channels do not fill
    /// blocks of 16 (docs/engine.md, "Precision").
    /// </summary>
    private static Tensor UpConvolveIn(ScalarType type, nn.Module<Tensor, Tensor> upConvolution, Tensor input)
    {
        using var scope = NewDisposeScope();
        var weight = ((Convolution)upConvolution).weight;
        var lowInput = Autocast.Cast(input, type);
        if (type == ScalarType.BFloat16 && input.device_type == DeviceType.CPU && !ChannelsLastLayout.Is(lowInput))
            lowInput = ChannelsLastLayout.Copy(lowInput);
        var lowWeight = weight.to_type(type);
        var output = weight.dim() == 5
            ? nn.functional.conv_transpose3d(lowInput, lowWeight, strides: [2, 2, 2])
            : nn.functional.conv_transpose2d(lowInput, lowWeight, strides: [2, 2]);
        return output.MoveToOuterDisposeScope();
    }

    private static void Release(Tensor consumed, Tensor input)
    {
        if (!ReferenceEquals(consumed, input)) consumed.Dispose();
    }

    /// <summary>Per level, the spatial extent of the skip the synthesis path concatenates (known from the input alone).</summary>
    private long[][] SkipExtents(Tensor input)
    {
        var extents = new long[Config.Levels - 1][];
        for (var level = 0; level < Config.Levels - 1; level++) extents[level] = new long[Config.SpatialDimensions];
        for (var axis = 0; axis < Config.SpatialDimensions; axis++)
        {
            var size = input.shape[axis + 2];
            for (var level = 0; level < Config.Levels - 1; level++) size = (size - 4) / 2;
            size -= 4;
            for (var level = Config.Levels - 2; level >= 0; level--)
            {
                extents[level][axis] = size * 2;
                size = size * 2 - 4;
            }
        }
        return extents;
    }
    /// <summary>
    /// Parameter counts in the paper's convention: convolutions (with bias) and bias-free up-convolutions count as
    /// trainable; BatchNorm's affine scale and shift are reported separately.
    /// </summary>
    public ParameterCount CountParameters()
    {
        long network = 0, batchNorm = 0;
        foreach (var (name, parameter) in named_parameters())
        {
            if (!parameter.requires_grad) continue;
            if (name.Split('.').Any(part => part.StartsWith("bn", StringComparison.Ordinal))) batchNorm += parameter.numel();
            else network += parameter.numel();
        }
        return new ParameterCount(network, batchNorm);
    }

    private static Tensor CentreCrop(Tensor skip, ReadOnlySpan<long> extent)
    {
        var cropped = skip;
        for (var axis = 2; axis < skip.dim(); axis++)
        {
            var excess = skip.shape[axis] - extent[axis - 2];
            if (excess == 0) continue;
            var next = cropped.narrow(axis, excess / 2, extent[axis - 2]);
            if (!ReferenceEquals(cropped, skip)) cropped.Dispose();
            cropped = next;
        }
        return cropped;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            analysis.Dispose();
            upConvolutions.Dispose();
            synthesis.Dispose();
            pool.Dispose();
            head.Dispose();
        }
        base.Dispose(disposing);
    }
}
