using TorchSharp;
using UNet3D.Lab.Experiments.Models;
using static TorchSharp.torch;

namespace UNet3D.Lab.Experiments.Inference;

/// <summary>
/// At inference with running statistics, convolution then BatchNorm is one convolution: weight × γ/√(σ²+ε) and
/// (bias − μ) × γ/√(σ²+ε) + β. The folded copy is a network of the same topology without BatchNorm, so each layer
/// makes one pass over its activations instead of two.
/// </summary>
public static class BatchNormFolding
{
    private const double Epsilon = 1e-5; // TorchSharp's BatchNorm2d/3d default, which the models use.

    /// <summary>A BatchNorm-free copy of <paramref name="model"/> (on its device) with the same eval-mode output, or
    /// null when the model has no BatchNorm to fold. The caller owns the copy.</summary>
    public static UNet? FoldedCopy(UNet model)
    {
        if (!model.Config.BatchNorm) return null;
        var source = model.state_dict();
        var device = source.Values.First().device;
        var folded = UNetFactory.Create(model.Config with { BatchNorm = false });
        folded.to(device);
        folded.eval();
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        foreach (var (name, parameter) in folded.named_parameters())
        {
            var normalisation = NormalisationOf(name);
            if (normalisation is null || !source.ContainsKey($"{normalisation}.running_mean"))
            {
                parameter.copy_(source[name]);
                continue;
            }
            // Explicit scalars: implicitly converted ones may be finalized mid-call (HeldScalars).
            using Scalar epsilon = Epsilon;
            var scale = source[$"{normalisation}.weight"] / source[$"{normalisation}.running_var"].add(epsilon, HeldScalars.One).sqrt();
            if (name.EndsWith(".weight", StringComparison.Ordinal))
            {
                long[] broadcast = [-1, .. Enumerable.Repeat(1L, (int)parameter.dim() - 1)];
                parameter.copy_(source[name] * scale.reshape(broadcast));
            }
            else
            {
                parameter.copy_(((source[name] - source[$"{normalisation}.running_mean"]) * scale).add(source[$"{normalisation}.bias"], HeldScalars.One));
            }
        }
        return folded;
    }

    /// <summary>"…layers.conv1.weight" is normalised by "…layers.bn1"; other parameters have no BatchNorm after them.</summary>
    private static string? NormalisationOf(string parameterName)
    {
        var parts = parameterName.Split('.');
        if (parts.Length < 2 || !parts[^2].StartsWith("conv", StringComparison.Ordinal)) return null;
        parts[^2] = "bn" + parts[^2]["conv".Length..];
        return string.Join('.', parts[..^1]);
    }
}
