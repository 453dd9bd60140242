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
        var x = input;
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
            var up = upConvolutions[level].forward(x);
            x.Dispose();
            var skip = CentreCrop(skips[level], up.shape[2..]);
            var joined = torch.cat([skip, up], 1);
            if (!ReferenceEquals(skip, skips[level])) skip.Dispose();
            skips[level].Dispose();
            up.Dispose();
            x = synthesis[level].forward(joined);
            joined.Dispose();
        }
        var scores = head.forward(x);
        x.Dispose();
        return scores;
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
