using TorchSharp.Modules;
using static TorchSharp.torch;

namespace UNet3D.Lab.Experiments.Inference;

/// <summary>
/// Makes BatchNorm layers normalise with the statistics of the batch being predicted, as the paper did at test
/// time (batch size one). Train mode would update the running statistics and the batch counter, so their values
/// are kept and written back, with eval mode, on dispose: prediction leaves the model exactly as it found it.
/// </summary>
internal sealed class BatchStatisticsScope : IDisposable
{
    private readonly List<(NormBase Layer, List<(Tensor Buffer, Tensor Saved)> Buffers)> layers = [];

    public BatchStatisticsScope(nn.Module model)
    {
        foreach (var module in model.modules())
        {
            if (module is not NormBase norm) continue;
            var saved = norm.buffers().Select(b => (b, b.detach().clone())).ToList();
            layers.Add((norm, saved));
            norm.train();
        }
    }

    public void Dispose()
    {
        using var noGrad = no_grad();
        foreach (var (layer, buffers) in layers)
        {
            foreach (var (buffer, saved) in buffers)
            {
                buffer.copy_(saved);
                saved.Dispose();
            }
            layer.eval();
        }
    }
}
