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

        var skips = new List<Tensor>(Config.Levels - 1);
        var x = input;
        for (var level = 0; level < Config.Levels; level++)
        {
            x = analysis[level].forward(x);
            if (level == Config.Levels - 1) break;
            skips.Add(x);
            x = pool.forward(x);
        }
        for (var level = Config.Levels - 2; level >= 0; level--)
        {
            var up = upConvolutions[level].forward(x);
            var skip = CentreCrop(skips[level], up);
            x = synthesis[level].forward(torch.cat([skip, up], 1));
        }
        return head.forward(x);
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

    private static Tensor CentreCrop(Tensor skip, Tensor target)
    {
        var cropped = skip;
        for (var axis = 2; axis < skip.dim(); axis++)
        {
            var excess = skip.shape[axis] - target.shape[axis];
            if (excess == 0) continue;
            cropped = cropped.narrow(axis, excess / 2, target.shape[axis]);
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
