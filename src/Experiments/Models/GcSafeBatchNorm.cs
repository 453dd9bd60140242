using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace UNet3D.Lab.Experiments.Models;

/// <summary>
/// TorchSharp's BatchNorm2d/BatchNorm3d (same parameters, buffers, state-dict keys and arithmetic) whose training step
/// counts batches with a <see cref="Scalar"/> it holds until libtorch has read it. TorchSharp 0.107's
/// <c>num_batches_tracked.add_(1)</c> converts the 1 implicitly, and a collection on another thread can finalize that
/// Scalar mid-call (<see cref="HeldScalars"/>): a table run failed with "For integral input
/// tensors, argument alpha must not be a floating point number" in BatchNorm.forward.
/// </summary>
internal sealed class GcSafeBatchNorm(long channels, int spatialDimensions)
    : BatchNorm(channels, eps: 1e-5, momentum: 0.1, affine: true, track_running_stats: true, device: null, dtype: null,
        name: spatialDimensions == 3 ? "BatchNorm3d" : "BatchNorm2d")
{
    protected override void ValidateInputDimensions(Tensor input)
    {
        if (input.ndim != spatialDimensions + 2)
            throw new ArgumentException($"A {spatialDimensions}D BatchNorm needs a {spatialDimensions + 2}D input (N, C, spatial), got {input.ndim}D.", nameof(input));
    }

    public override Tensor forward(Tensor input)
    {
        ValidateInputDimensions(input);
        if (training && num_batches_tracked is { } tracked)
        {
            tracked.add_(HeldScalars.One, HeldScalars.One);
        }
        return nn.functional.batch_norm(input, running_mean, running_var, weight, bias, training, momentum ?? 0.0, eps);
    }
}
