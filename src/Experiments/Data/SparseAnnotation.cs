namespace UNet3D.Lab.Experiments.Data;

/// <summary>
/// What a researcher annotated: labels on some voxels, <see cref="Unlabeled"/> (its label set's) everywhere else.
/// Built either from dense ground truth by keeping whole slices (as the paper did) or from a user's own sparse
/// label volume.
/// </summary>
public sealed class SparseAnnotation
{
    private SparseAnnotation(VolumeShape shape, byte[] labels, IReadOnlyList<AnnotatedSlice> slices, byte unlabeled)
    {
        Shape = shape;
        Labels = labels;
        Slices = slices;
        Unlabeled = unlabeled;
        LabeledVoxels = labels.LongCount(label => label != unlabeled);
    }

    public VolumeShape Shape { get; }

    /// <summary>(Z, Y, X) labels with <see cref="Unlabeled"/> for every voxel not annotated.</summary>
    public byte[] Labels { get; }

    /// <summary>The stored value of voxels nobody annotated (<see cref="LabelSet.Unlabeled"/>).</summary>
    public byte Unlabeled { get; }

    /// <summary>The annotated planes, when the annotation was cut from dense labels; empty for a user's volume.</summary>
    public IReadOnlyList<AnnotatedSlice> Slices { get; }

    public long LabeledVoxels { get; }

    /// <summary>Share of voxels that carry a label: the paper's "GT voxels" column of Table 2.</summary>
    public double AnnotatedFraction => (double)LabeledVoxels / Shape.VoxelCount;

    public bool IsLabeled(long index) => Labels[index] != Unlabeled;

    /// <summary>
    /// Keeps <paramref name="slicesPerAxis"/> = (x, y, z) whole planes of <paramref name="volume"/>'s labels: that
    /// many yz, xz and xy planes, spread as uniformly as possible over the planes that carry labels (every plane of
    /// a dense volume).
    /// </summary>
    public static SparseAnnotation FromSliceCounts(LabeledVolume volume, IReadOnlyList<int> slicesPerAxis) =>
        FromSlices(volume, ChooseUniformSlices(volume, slicesPerAxis));

    public static SparseAnnotation FromSlices(LabeledVolume volume, IReadOnlyList<AnnotatedSlice> slices)
    {
        var shape = volume.Shape;
        foreach (var slice in slices)
        {
            if (slice.Index < 0 || slice.Index >= shape.Extent(slice.Axis))
                throw new ArgumentOutOfRangeException(nameof(slices), slice,
                    $"Volume '{volume.Name}': slice {slice.Index} along {slice.Axis} is outside 0..{shape.Extent(slice.Axis) - 1}.");
        }

        var keep = SliceMask.Create(shape, slices);
        var labels = new byte[shape.VoxelCount];
        for (long i = 0; i < labels.LongLength; i++)
            labels[i] = keep[i] ? volume.Labels[i] : volume.LabelSet.Unlabeled;
        return new SparseAnnotation(shape, labels, slices.Distinct().ToArray(), volume.LabelSet.Unlabeled);
    }

    /// <summary>A user's own annotation: any voxel equal to <paramref name="unlabeledValue"/> is unlabeled.</summary>
    /// <param name="labelSet">Its classes; the paper's when null.</param>
    public static SparseAnnotation FromLabelVolume(VolumeShape shape, byte[] labels, byte unlabeledValue = SegmentationLabels.Unlabeled, LabelSet? labelSet = null)
    {
        var set = labelSet ?? LabelSet.Paper;
        if (labels.LongLength != shape.VoxelCount)
            throw new ArgumentException($"Label volume has {labels.LongLength} voxels, expected {shape.VoxelCount} for {shape}.", nameof(labels));
        var copy = new byte[labels.Length];
        for (var i = 0; i < labels.Length; i++)
        {
            var value = labels[i];
            if (value == unlabeledValue) { copy[i] = set.Unlabeled; continue; }
            if (value >= set.Count)
                throw new ArgumentException($"Label volume: voxel {i} has label {value}, outside 0..{set.Count - 1} and not the unlabeled value {unlabeledValue}.", nameof(labels));
            copy[i] = value;
        }
        return new SparseAnnotation(shape, copy, [], set.Unlabeled);
    }

    /// <summary>Indices of <paramref name="count"/> planes spread uniformly over an axis of <paramref name="extent"/>.</summary>
    public static int[] UniformPositions(int extent, int count)
    {
        if (count < 0) throw new ArgumentOutOfRangeException(nameof(count), count, "Slice counts cannot be negative.");
        if (count > extent) throw new ArgumentOutOfRangeException(nameof(count), count, $"Cannot annotate {count} slices of an axis with {extent} voxels.");
        // Centres of count equal bins: the spread the paper describes as "as uniformly as possible".
        return Enumerable.Range(0, count)
            .Select(i => (int)Math.Floor((i + 0.5) * extent / count))
            .ToArray();
    }

    /// <summary>Like <see cref="ChooseUniformSlices(VolumeShape, IReadOnlyList{int})"/>, but only among the planes of
    /// <paramref name="volume"/> that carry labels (<see cref="AnnotationPlanes"/>).</summary>
    public static IReadOnlyList<AnnotatedSlice> ChooseUniformSlices(LabeledVolume volume, IReadOnlyList<int> slicesPerAxis)
    {
        if (volume.IsDense) return ChooseUniformSlices(volume.Shape, slicesPerAxis);
        if (slicesPerAxis.Count != 3)
            throw new ArgumentException($"Slices per axis need three counts (x, y, z), got {slicesPerAxis.Count}.", nameof(slicesPerAxis));
        var slices = new List<AnnotatedSlice>();
        foreach (var axis in new[] { VolumeAxis.X, VolumeAxis.Y, VolumeAxis.Z })
        {
            var candidates = AnnotationPlanes.Candidates(volume, axis);
            var count = slicesPerAxis[(int)axis];
            if (count < 0 || count > candidates.Count)
                throw new ArgumentOutOfRangeException(nameof(slicesPerAxis), count,
                    $"Volume '{volume.Name}' has {candidates.Count} annotated planes along {axis}; cannot choose {count}.");
            slices.AddRange(UniformPositions(candidates.Count, count).Select(i => new AnnotatedSlice(axis, candidates[i])));
        }
        return slices;
    }

    public static IReadOnlyList<AnnotatedSlice> ChooseUniformSlices(VolumeShape shape, IReadOnlyList<int> slicesPerAxis)
    {
        if (slicesPerAxis.Count != 3)
            throw new ArgumentException($"Slices per axis need three counts (x, y, z), got {slicesPerAxis.Count}.", nameof(slicesPerAxis));
        var slices = new List<AnnotatedSlice>();
        foreach (var axis in new[] { VolumeAxis.X, VolumeAxis.Y, VolumeAxis.Z })
        {
            var count = slicesPerAxis[(int)axis];
            if (count < 0 || count > shape.Extent(axis))
                throw new ArgumentOutOfRangeException(nameof(slicesPerAxis), count,
                    $"{count} slices along {axis} do not fit a volume of {shape.Extent(axis)} voxels along {axis}.");
            slices.AddRange(UniformPositions(shape.Extent(axis), count).Select(index => new AnnotatedSlice(axis, index)));
        }
        return slices;
    }
}
