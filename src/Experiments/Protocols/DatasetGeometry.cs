namespace UNet3D.Lab.Experiments.Protocols;

/// <summary>
/// What a protocol needs to know of a dataset without reading its voxels: its size and, for a sparsely annotated
/// dataset, how many planes per axis (x, y, z) carry labels. A dense dataset (every voxel labelled, such as the
/// phantom) can be annotated on any plane.
/// </summary>
public sealed record DatasetGeometry(string Id, VolumeShape Shape, IReadOnlyList<int>? AnnotatedPlanes = null)
{
    private static readonly VolumeAxis[] Axes = [VolumeAxis.X, VolumeAxis.Y, VolumeAxis.Z];

    public bool IsDense => AnnotatedPlanes is null;

    /// <summary>Planes along <paramref name="axis"/> that can serve as annotated slices.</summary>
    public int Available(VolumeAxis axis) => AnnotatedPlanes?[(int)axis] ?? Shape.Extent(axis);

    public static DatasetGeometry Of(string id, LabeledVolume volume) =>
        new(id, volume.Shape, volume.IsDense ? null : Axes.Select(a => AnnotationPlanes.Candidates(volume, a).Count).ToArray());

    /// <summary>A built-in phantom dataset's geometry, known from its id alone; null for any other id.</summary>
    public static DatasetGeometry? Phantom(string id) =>
        PhantomDatasets.TryParse(id, out var variant, out var index) ? new DatasetGeometry(id, XenopusPhantom.Shape(index, variant)) : null;
}
