using static TorchSharp.torch;

namespace UNet3D.Lab.Experiments.Models;

/// <summary>The 2D or 3D flavour of each layer, so one U-Net topology serves both models.</summary>
internal abstract class SpatialOperations
{
    public static SpatialOperations For(int spatialDimensions) => spatialDimensions switch
    {
        3 => new Volumetric(),
        2 => new Planar(),
        _ => throw new ArgumentOutOfRangeException(nameof(spatialDimensions), spatialDimensions, "Only 2D and 3D U-Nets exist."),
    };

    public abstract nn.Module<Tensor, Tensor> Convolution(long inChannels, long outChannels, long kernel);
    public abstract nn.Module<Tensor, Tensor> UpConvolution(long channels);
    public abstract nn.Module<Tensor, Tensor> MaxPool();
    public abstract nn.Module<Tensor, Tensor> BatchNorm(long channels);

    private sealed class Volumetric : SpatialOperations
    {
        public override nn.Module<Tensor, Tensor> Convolution(long inChannels, long outChannels, long kernel) =>
            new OneDnnConvolution(3, inChannels, outChannels, kernel);

        // The paper's up-convolution keeps the channel count and carries no bias (docs/paper.md, "Network": the parameter count).
        public override nn.Module<Tensor, Tensor> UpConvolution(long channels) =>
            nn.ConvTranspose3d(channels, channels, 2, stride: 2, bias: false);

        public override nn.Module<Tensor, Tensor> MaxPool() => nn.MaxPool3d(2, 2);
        public override nn.Module<Tensor, Tensor> BatchNorm(long channels) => new GcSafeBatchNorm(channels, 3);
    }

    private sealed class Planar : SpatialOperations
    {
        public override nn.Module<Tensor, Tensor> Convolution(long inChannels, long outChannels, long kernel) =>
            new OneDnnConvolution(2, inChannels, outChannels, kernel);

        public override nn.Module<Tensor, Tensor> UpConvolution(long channels) =>
            nn.ConvTranspose2d(channels, channels, 2, stride: 2, bias: false);

        public override nn.Module<Tensor, Tensor> MaxPool() => nn.MaxPool2d(2, 2);
        public override nn.Module<Tensor, Tensor> BatchNorm(long channels) => new GcSafeBatchNorm(channels, 2);
    }
}
