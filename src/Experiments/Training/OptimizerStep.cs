using TorchSharp.Modules;
using static TorchSharp.torch;

namespace UNet3D.Lab.Experiments.Training;

/// <summary>What follows a training step's forward pass, for the trainer and the step benchmarks alike.</summary>
public static class OptimizerStep
{
    /// <summary>
    /// Backward pass, gradient clipping and the optimiser's step. With a <paramref name="scaler"/> (fp16) the scaled
    /// loss is differentiated and the gradients unscaled before clipping, as with PyTorch's GradScaler; when one of them
    /// is not finite the optimiser's step is skipped. Returns whether the optimiser stepped.
    /// </summary>
    public static bool Take(Tensor loss, IReadOnlyList<Parameter> parameters, OptimizerHelper optimizer, double? clipNorm, GradientScaler? scaler)
    {
        var finite = true;
        if (scaler is null)
        {
            loss.backward();
        }
        else
        {
            using (var scaled = scaler.ScaleLoss(loss)) scaled.backward();
            finite = scaler.Unscale(parameters);
        }
        if (finite)
        {
            if (clipNorm is { } clip) nn.utils.clip_grad_norm_(parameters, clip);
            optimizer.step();
        }
        scaler?.Update(finite);
        return finite;
    }
}
