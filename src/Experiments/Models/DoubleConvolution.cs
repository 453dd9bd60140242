using TorchSharp.Modules;
using static TorchSharp.torch;

namespace UNet3D.Lab.Experiments.Models;

/// <summary>Two unpadded 3×3(×3) convolutions, each followed by optional BatchNorm and ReLU.</summary>
internal sealed class DoubleConvolution : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> layers;
    private readonly nn.Module<Tensor, Tensor>[] steps;

    public DoubleConvolution(SpatialOperations ops, long inChannels, long middleChannels, long outChannels, bool batchNorm)
        : base(nameof(DoubleConvolution))
    {
        var sequence = new List<(string, nn.Module<Tensor, Tensor>)>
        {
            ("conv1", ops.Convolution(inChannels, middleChannels, 3)),
        };
        if (batchNorm) sequence.Add(("bn1", ops.BatchNorm(middleChannels)));
        sequence.Add(("relu1", nn.ReLU(inplace: true)));
        sequence.Add(("conv2", ops.Convolution(middleChannels, outChannels, 3)));
        if (batchNorm) sequence.Add(("bn2", ops.BatchNorm(outChannels)));
        sequence.Add(("relu2", nn.ReLU(inplace: true)));
        layers = nn.Sequential(sequence);
        RegisterComponents();
        steps = sequence.Select(step => step.Item2).ToArray();
    }

    /// <summary>
    /// Each step's input is released as soon as the next step has read it: at inference that keeps one layer's
    /// activations alive instead of six, which is what lets large prediction tiles fit; autograd keeps what it needs.
    /// </summary>
    public override Tensor forward(Tensor input)
    {
        var x = input;
        foreach (var step in steps)
        {
            // Under a low-precision autocast BatchNorm normalises in float32, as PyTorch's autocast does.
            var stepInput = Autocast.ComputeType is not null && step is NormBase ? Autocast.Cast(x, ScalarType.Float32) : x;
            var next = step.forward(stepInput);
            Autocast.ReleaseCast(stepInput, x);
            if (!ReferenceEquals(x, input) && !ReferenceEquals(next, x)) x.Dispose();
            x = next;
        }
        return x;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) layers.Dispose();
        base.Dispose(disposing);
    }
}
