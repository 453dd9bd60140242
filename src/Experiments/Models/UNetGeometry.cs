namespace UNet3D.Lab.Experiments.Models;

/// <summary>
/// Tile sizes of a U-Net with unpadded convolutions. Every convolution of a level removes 2 voxels per axis,
/// pooling halves and up-convolution doubles, so only some input sizes give an integral, aligned output.
/// </summary>
public sealed class UNetGeometry
{
    private const int ConvolutionsPerLevel = 2;
    private const int ShrinkPerConvolution = 2;

    public UNetGeometry(int levels)
    {
        if (levels < 1) throw new ArgumentOutOfRangeException(nameof(levels), levels, "A U-Net has at least one level.");
        Levels = levels;
    }

    public int Levels { get; }

    /// <summary>Output extent along one axis for an input extent, or null when the input is not valid.</summary>
    public int? TryOutputSize(int input)
    {
        var size = input;
        for (var level = 0; level < Levels; level++)
        {
            size -= ConvolutionsPerLevel * ShrinkPerConvolution;
            if (size < 1) return null;
            if (level == Levels - 1) break;
            if (size % 2 != 0) return null;
            size /= 2;
        }
        for (var level = 0; level < Levels - 1; level++)
        {
            size = size * 2 - ConvolutionsPerLevel * ShrinkPerConvolution;
            if (size < 1) return null;
        }
        return size;
    }

    public bool IsValidInput(int input) => TryOutputSize(input) is not null;

    /// <summary>Output extent for a valid input extent; throws naming the nearest valid sizes otherwise.</summary>
    public int OutputSize(int input) =>
        TryOutputSize(input) ?? throw new ArgumentException(
            $"Input size {input} is not valid for a {Levels}-level U-Net with unpadded convolutions; " +
            $"nearest valid sizes: {FormatNearest(input)}.", nameof(input));

    public int[] OutputShape(IReadOnlyList<int> inputShape) => inputShape.Select(OutputSize).ToArray();

    /// <summary>Input extent whose output is exactly <paramref name="output"/> (any output ≥ 1 that fits the grid).</summary>
    public int? TryInputSizeForOutput(int output)
    {
        // Invert the synthesis then the analysis path; fails when the output is not reachable.
        var size = output;
        for (var level = 0; level < Levels - 1; level++)
        {
            size += ConvolutionsPerLevel * ShrinkPerConvolution;
            if (size % 2 != 0) return null;
            size /= 2;
        }
        for (var level = Levels - 1; level >= 0; level--)
        {
            size += ConvolutionsPerLevel * ShrinkPerConvolution;
            if (level > 0) size *= 2;
        }
        return TryOutputSize(size) == output ? size : null;
    }

    /// <summary>The smallest valid input size that is at least <paramref name="minimum"/>.</summary>
    public int SmallestValidInputAtLeast(int minimum)
    {
        for (var size = Math.Max(1, minimum); ; size++)
            if (IsValidInput(size)) return size;
    }

    public IReadOnlyList<int> NearestValidInputs(int input)
    {
        int? below = null;
        for (var size = input - 1; size >= 1; size--)
            if (IsValidInput(size)) { below = size; break; }
        var above = SmallestValidInputAtLeast(input + 1);
        return below is { } b ? [b, above] : [above];
    }

    private string FormatNearest(int input) => string.Join(" or ", NearestValidInputs(input));
}
