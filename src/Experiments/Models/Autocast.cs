using UNet3D.Lab.Experiments.Training;
using static TorchSharp.torch;

namespace UNet3D.Lab.Experiments.Models;

/// <summary>
/// PyTorch's autocast, by hand (TorchSharp 0.107 has none). Inside a scope entered with bf16 or fp16, a
/// <see cref="UNet"/>'s convolutions and up-convolutions compute in that type (input, weight and bias cast to it);
/// BatchNorm gets its input as float32 and the network's scores come out float32, so softmax and the loss run in
/// float32. Parameters stay float32 (master weights) and their gradients reach them, as float32, through the casts.
/// The scope belongs to the thread that entered it, as PyTorch's does: concurrent runs do not see each other's.
/// </summary>
public static class Autocast
{
    [ThreadStatic]
    private static ScalarType? current;

    /// <summary>The element type convolutions compute in, or null outside a low-precision scope (no casts at all).</summary>
    public static ScalarType? ComputeType => current;

    /// <summary>Until disposed, convolutions on this thread compute in <paramref name="precision"/>; fp32 changes nothing.</summary>
    public static IDisposable Enter(Precision precision)
    {
        var previous = current;
        current = ElementType(precision);
        return new Scope(previous);
    }

    /// <summary>null for fp32 (nothing is cast), else the element type of <paramref name="precision"/>.</summary>
    public static ScalarType? ElementType(Precision precision) => precision switch
    {
        Precision.Fp32 => null,
        Precision.Bf16 => ScalarType.BFloat16,
        Precision.Fp16 => ScalarType.Float16,
        _ => throw new ArgumentOutOfRangeException(nameof(precision), precision, "Unknown precision."),
    };

    /// <summary><paramref name="tensor"/> itself when it already has <paramref name="type"/>, else a cast copy the caller disposes.</summary>
    internal static Tensor Cast(Tensor tensor, ScalarType type) => tensor.dtype == type ? tensor : tensor.to_type(type);

    /// <summary>Disposes <paramref name="cast"/> when it is a copy made by <see cref="Cast"/>, not the original.</summary>
    internal static void ReleaseCast(Tensor cast, Tensor original)
    {
        if (!ReferenceEquals(cast, original)) cast.Dispose();
    }

    private sealed class Scope(ScalarType? previous) : IDisposable
    {
        private bool disposed;

        public void Dispose()
        {
            if (disposed) return;
            disposed = true;
            current = previous;
        }
    }
}
