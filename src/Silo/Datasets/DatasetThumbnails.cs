namespace UNet3D.Lab.Silo.Datasets;

/// <summary>
/// The middle slice of a volume along each axis as PNG: the image (the three channels as RGB when there are three,
/// else the first channel as gray), each channel stretched from its 1st to its 99th percentile in that slice; and
/// the labels as translucent colours to lay over it (unlabeled voxels transparent).
/// A slice along X is a yz plane (y across, z down), along Y an xz plane (x across, z down), along Z an xy plane
/// (x across, y down).
/// </summary>
public static class DatasetThumbnails
{
    /// <summary>RGBA per class label, in label order (the paper's: inside tubule amber, tubule magenta, background faint blue).</summary>
    private static readonly byte[][] LabelColours =
    [
        [255, 193, 7, 170],
        [233, 30, 99, 170],
        [33, 150, 243, 50],
        [76, 175, 80, 170],
        [255, 87, 34, 170],
        [156, 39, 176, 170],
        [0, 188, 212, 170],
        [205, 220, 57, 170],
        [121, 85, 72, 170],
        [244, 143, 177, 170],
        [0, 150, 136, 170],
        [63, 81, 181, 170],
        [255, 235, 59, 170],
        [244, 67, 54, 170],
        [158, 158, 158, 170],
        [128, 128, 0, 170],
    ];

    private static readonly string[] ColourNames =
        ["amber", "magenta", "blue", "green", "orange", "purple", "cyan", "lime", "brown", "pink", "teal", "indigo", "yellow", "red", "grey", "olive"];

    private static readonly byte[] Clear = [0, 0, 0, 0];

    /// <summary>The colour a class label is drawn in, in words, for a legend.</summary>
    public static string ColourName(int label) => ColourNames[label % ColourNames.Length];

    public static (int Width, int Height) Size(VolumeShape shape, VolumeAxis axis) => axis switch
    {
        VolumeAxis.X => (shape.Y, shape.Z),
        VolumeAxis.Y => (shape.X, shape.Z),
        _ => (shape.X, shape.Y),
    };

    public static byte[] Image(LabeledVolume volume, VolumeAxis axis)
    {
        var (width, height) = Size(volume.Shape, axis);
        var indices = SliceIndices(volume.Shape, axis);
        var rgb = volume.Channels == 3;
        var samples = rgb ? 3 : 1;
        var pixels = new byte[indices.Length * samples];
        var perChannel = volume.Shape.VoxelCount;
        var values = new float[indices.Length];
        for (var c = 0; c < samples; c++)
        {
            for (var i = 0; i < indices.Length; i++) values[i] = volume.Image[c * perChannel + indices[i]];
            var (low, high) = Stretch(values);
            var scale = high > low ? 255.0 / (high - low) : 0;
            for (var i = 0; i < indices.Length; i++)
                pixels[i * samples + c] = (byte)Math.Clamp(Math.Round((values[i] - low) * scale), 0, 255);
        }
        return PngEncoder.Encode(width, height, samples, pixels);
    }

    public static byte[] Labels(LabeledVolume volume, VolumeAxis axis)
    {
        var (width, height) = Size(volume.Shape, axis);
        var indices = SliceIndices(volume.Shape, axis);
        var pixels = new byte[indices.Length * 4];
        for (var i = 0; i < indices.Length; i++)
            (volume.Labels[indices[i]] is var label && label < volume.LabelSet.Count ? LabelColours[label % LabelColours.Length] : Clear).CopyTo(pixels, i * 4);
        return PngEncoder.Encode(width, height, 4, pixels);
    }

    /// <summary>Voxel indices (into a (Z, Y, X) volume) of the middle slice, row by row.</summary>
    private static long[] SliceIndices(VolumeShape shape, VolumeAxis axis)
    {
        var (width, height) = Size(shape, axis);
        var middle = shape.Extent(axis) / 2;
        var indices = new long[(long)width * height];
        for (var row = 0; row < height; row++)
        for (var column = 0; column < width; column++)
        {
            var (z, y, x) = axis switch
            {
                VolumeAxis.X => (row, column, middle),
                VolumeAxis.Y => (row, middle, column),
                _ => (middle, row, column),
            };
            indices[(long)row * width + column] = ((long)z * shape.Y + y) * shape.X + x;
        }
        return indices;
    }

    /// <summary>The 1st and 99th percentile; the full range when those coincide.</summary>
    private static (double Low, double High) Stretch(float[] values)
    {
        var sorted = (float[])values.Clone();
        Array.Sort(sorted);
        var last = sorted.Length - 1;
        double low = sorted[(int)Math.Floor(0.01 * last)];
        double high = sorted[(int)Math.Ceiling(0.99 * last)];
        return high > low ? (low, high) : (sorted[0], sorted[last]);
    }
}
