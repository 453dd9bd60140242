using TorchSharp;

namespace UNet3D.Lab.Experiments.Tests;

public sealed class TorchLoadsTests
{
    [Fact]
    public void Torch_initialises_and_computes()
    {
        using var t = torch.ones(2, 3);
        Assert.Equal(6f, t.sum().item<float>());
    }
}
