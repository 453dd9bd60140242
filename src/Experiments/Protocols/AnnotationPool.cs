namespace UNet3D.Lab.Experiments.Protocols;

/// <summary>
/// "The annotated slices" of a dataset in Tables 1 and 3: the planes per axis (x, y, z) that play the part of the
/// paper's 77 annotated slices.
/// </summary>
/// <remarks>
/// <para>
/// A dense dataset (the phantom) gets the paper's counts for the sample at the same position, (7, 5, 21),
/// (6, 7, 12) and (4, 5, 10) planes for S1–S3 (docs/paper.md, "Data": (yz, xz, xy) = (x, y, z)), scaled by the
/// dataset's extent relative to that sample's size (248×244×64, 245×244×56, 246×244×59), rounded half away from
/// zero, at least <see cref="MinimumPerAxis"/> per axis so that every one of Table 1's three subsets gets planes
/// of every axis, and at most the extent. The i-th dataset of a protocol run takes the paper's sample i mod 3.
/// </para>
/// <para>A sparse dataset (a researcher's own annotation) uses every plane that was annotated.</para>
/// </remarks>
public static class AnnotationPool
{
    public const int MinimumPerAxis = 3;

    /// <summary>The paper's annotated planes per sample, (x, y, z) = (yz, xz, xy).</summary>
    public static readonly IReadOnlyList<IReadOnlyList<int>> PaperCounts = [[7, 5, 21], [6, 7, 12], [4, 5, 10]];

    private static readonly VolumeAxis[] Axes = [VolumeAxis.X, VolumeAxis.Y, VolumeAxis.Z];

    /// <summary>The pool of the dataset at <paramref name="position"/> in a protocol's list of datasets.</summary>
    public static int[] For(DatasetGeometry dataset, int position)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(position);
        return dataset.AnnotatedPlanes is { } planes ? planes.ToArray() : Scaled(dataset.Shape, position % PaperCounts.Count);
    }

    /// <summary>The paper sample's counts scaled to a dense volume of <paramref name="shape"/>.</summary>
    public static int[] Scaled(VolumeShape shape, int paperSample)
    {
        var paper = XenopusPhantom.Shape(paperSample, PhantomVariant.Paper);
        var counts = PaperCounts[paperSample];
        return Axes.Select(axis =>
        {
            var scaled = (int)Math.Round(counts[(int)axis] * (double)shape.Extent(axis) / paper.Extent(axis), MidpointRounding.AwayFromZero);
            return Math.Min(shape.Extent(axis), Math.Max(MinimumPerAxis, scaled));
        }).ToArray();
    }
}
