using static TorchSharp.torch;

namespace UNet3D.Lab.Experiments.Models;

/// <summary>Two unpadded 3×3(×3) convolutions, each followed by optional BatchNorm and ReLU.</summary>
internal sealed class DoubleConvolution : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> layers;

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
    }

    public override Tensor forward(Tensor input) => layers.forward(input);

    protected override void Dispose(bool disposing)
    {
        if (disposing) layers.Dispose();
        base.Dispose(disposing);
    }
}
