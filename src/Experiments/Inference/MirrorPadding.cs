using static TorchSharp.torch;

namespace UNet3D.Lab.Experiments.Inference;

/// <summary>
/// Mirror (reflect) padding of any width, as the U-Net papers use to predict border voxels: the missing context
/// is the image mirrored at its edge. Works for pads wider than the image by reflecting again.
/// </summary>
public static class MirrorPadding
{
    /// <summary>Source index in 0..extent-1 for a padded coordinate (which may be negative or ≥ extent).</summary>
    public static int Reflect(int coordinate, int extent)
    {
        if (extent < 1) throw new ArgumentOutOfRangeException(nameof(extent), extent, "Extent must be positive.");
        if (extent == 1) return 0;
        var period = 2 * (extent - 1);
        var j = ((coordinate % period) + period) % period;
        return j < extent ? j : period - j;
    }

    /// <summary>Pads dimensions <c>firstAxis…</c> of <paramref name="input"/> by (before[a], after[a]).</summary>
    public static Tensor Pad(Tensor input, int firstAxis, IReadOnlyList<int> before, IReadOnlyList<int> after)
    {
        if (before.Count != after.Count) throw new ArgumentException("Before and after pads need the same number of axes.", nameof(after));
        using var scope = NewDisposeScope();
        var result = input.alias();
        for (var a = 0; a < before.Count; a++)
        {
            if (before[a] == 0 && after[a] == 0) continue;
            var axis = firstAxis + a;
            var extent = (int)input.shape[axis];
            var indices = Enumerable.Range(-before[a], extent + before[a] + after[a])
                .Select(i => (long)Reflect(i, extent)).ToArray();
            result = result.index_select(axis, tensor(indices, device: input.device));
        }
        return result.MoveToOuterDisposeScope();
    }
}
