using static TorchSharp.torch;

namespace UNet3D.Lab.Experiments.Models;

/// <summary>
/// Channels-last memory layout ([N, *spatial, C] storage viewed as [N, C, *spatial]; PyTorch's channels_last and
/// channels_last_3d). TorchSharp 0.107 has no memory-format argument (its <c>memory_format</c> enum is used by no
/// method), so the layout is made with a permuted copy; libtorch's kernels recognise it from the strides.
/// </summary>
internal static class ChannelsLastLayout
{
    public static long[] ToChannelsLast(int spatial) => spatial == 3 ? [0, 2, 3, 4, 1] : [0, 2, 3, 1];

    public static long[] FromChannelsLast(int spatial) => spatial == 3 ? [0, 4, 1, 2, 3] : [0, 3, 1, 2];

    /// <summary>Whether the strides are those of a channels-last tensor (axes of size one may have any stride).</summary>
    public static bool Is(Tensor input)
    {
        var shape = input.shape;
        var strides = input.stride();
        var expected = 1L;
        // Channels vary fastest, then the spatial axes from the last to the first, then the batch.
        long[] order = [1, .. Enumerable.Range(2, shape.Length - 2).Reverse().Select(i => (long)i), 0];
        foreach (var axis in order)
        {
            if (shape[axis] != 1 && strides[axis] != expected) return false;
            expected *= shape[axis];
        }
        return true;
    }

    /// <summary>A channels-last copy of a [N, C, *spatial] tensor with the same values (autograd follows it).</summary>
    public static Tensor Copy(Tensor input)
    {
        var spatial = (int)input.dim() - 2;
        using var permuted = input.permute(ToChannelsLast(spatial));
        using var stored = permuted.contiguous();
        return stored.permute(FromChannelsLast(spatial));
    }
}
