namespace UNet3D.Lab.Experiments.Data;

/// <summary>
/// Which planes of a volume can serve as annotated slices: every plane of a dense volume, and the planes a
/// researcher actually annotated in a sparse one (at least half of their voxels labelled).
/// </summary>
public static class AnnotationPlanes
{
    public const double MinimumLabeledShare = 0.5;

    public static IReadOnlyList<int> Candidates(LabeledVolume volume, VolumeAxis axis)
    {
        var extent = volume.Shape.Extent(axis);
        if (volume.IsDense) return Enumerable.Range(0, extent).ToArray();

        var shape = volume.Shape;
        var labeled = new long[extent];
        for (var z = 0; z < shape.Z; z++)
        for (var y = 0; y < shape.Y; y++)
        for (var x = 0; x < shape.X; x++)
        {
            if (volume.Labels[volume.Index(z, y, x)] == volume.LabelSet.Unlabeled) continue;
            labeled[axis switch { VolumeAxis.X => x, VolumeAxis.Y => y, _ => z }]++;
        }
        var planeSize = shape.VoxelCount / extent;
        return Enumerable.Range(0, extent).Where(i => labeled[i] >= MinimumLabeledShare * planeSize).ToArray();
    }
}
