using static TorchSharp.torch;

namespace UNet3D.Lab.Experiments.Models;

/// <summary>
/// Draws a network's initial weights from its own seeded generator rather than libtorch's process-wide one, so a
/// seed gives the same network even while other threads (training slots, tests) draw random numbers. Same
/// distributions as PyTorch's defaults for convolutions: weights and biases uniform in ±1/√fan_in (Kaiming
/// uniform with a = √5), fan_in = size(1) × kernel volume; BatchNorm keeps scale 1 and shift 0.
/// </summary>
public static class WeightInitialisation
{
    public static void Apply(nn.Module model, int seed)
    {
        var random = new Random(seed);
        using var noGrad = no_grad();
        var parameters = model.named_parameters().ToList();
        var fanIns = new Dictionary<string, long>();
        foreach (var (name, parameter) in parameters)
        {
            if (parameter.dim() < 2) continue;
            var receptive = parameter.shape.Skip(2).Aggregate(1L, (product, e) => product * e);
            fanIns[Owner(name)] = parameter.shape[1] * receptive;
        }
        foreach (var (name, parameter) in parameters)
        {
            // 1-D parameters without a convolution weight beside them belong to BatchNorm: leave them.
            if (!fanIns.TryGetValue(Owner(name), out var fanIn)) continue;
            var bound = 1.0 / Math.Sqrt(fanIn);
            var values = new float[parameter.numel()];
            for (var i = 0; i < values.Length; i++) values[i] = (float)((random.NextDouble() * 2 - 1) * bound);
            using var drawn = tensor(values, parameter.shape, dtype: parameter.dtype, device: parameter.device);
            parameter.copy_(drawn);
        }
    }

    private static string Owner(string parameterName)
    {
        var dot = parameterName.LastIndexOf('.');
        return dot < 0 ? "" : parameterName[..dot];
    }
}
