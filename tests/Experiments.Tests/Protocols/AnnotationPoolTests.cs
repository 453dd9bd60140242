using UNet3D.Lab.Experiments.Data;
using UNet3D.Lab.Experiments.Protocols;

namespace UNet3D.Lab.Experiments.Tests.Protocols;

public sealed class AnnotationPoolTests
{
    [Fact]
    public void Paper_sized_volumes_get_exactly_the_papers_counts()
    {
        var ids = PhantomDatasets.Ids(PhantomVariant.Paper);
        var pools = ids.Select((id, i) => AnnotationPool.For(DatasetGeometry.Phantom(id)!, i)).ToArray();
        Assert.Equal([7, 5, 21], pools[0]);
        Assert.Equal([6, 7, 12], pools[1]);
        Assert.Equal([4, 5, 10], pools[2]);
        Assert.Equal(77, pools.Sum(p => p.Sum()));
    }

    [Theory]
    // Tiny phantom 48x48x24, 47x48x22, 47x48x23: x and y round to 1 and are raised to 3; z scales 21·24/64 = 7.9 etc.
    [InlineData(PhantomVariant.Tiny, 0, new[] { 3, 3, 8 })]
    [InlineData(PhantomVariant.Tiny, 1, new[] { 3, 3, 5 })]
    [InlineData(PhantomVariant.Tiny, 2, new[] { 3, 3, 4 })]
    // Cpu phantom 96x96x32: 21·32/64 = 10.5 rounds half away from zero to 11.
    [InlineData(PhantomVariant.Cpu, 0, new[] { 3, 3, 11 })]
    [InlineData(PhantomVariant.Cpu, 1, new[] { 3, 3, 6 })]
    [InlineData(PhantomVariant.Cpu, 2, new[] { 3, 3, 5 })]
    public void Smaller_volumes_get_the_counts_scaled_to_their_extent_at_least_three(PhantomVariant variant, int sample, int[] expected) =>
        Assert.Equal(expected, AnnotationPool.For(DatasetGeometry.Phantom(PhantomDatasets.Id(variant, sample))!, sample));

    [Fact]
    public void The_fourth_dataset_takes_the_first_paper_samples_counts_and_no_axis_exceeds_its_extent()
    {
        var shape = new VolumeShape(64, 244, 248);
        Assert.Equal([7, 5, 21], AnnotationPool.For(new DatasetGeometry("d4", shape), 3));
        Assert.Equal([2, 1, 2], AnnotationPool.Scaled(new VolumeShape(2, 1, 2), 0));
    }

    [Fact]
    public void A_sparse_dataset_uses_every_annotated_plane()
    {
        var shape = new VolumeShape(6, 8, 10);
        var labels = Enumerable.Repeat(SegmentationLabels.Unlabeled, (int)shape.VoxelCount).ToArray();
        var volume = new LabeledVolume("sparse", shape, 1, new float[shape.VoxelCount], labels);
        // Label two yz planes (x = 2 and 7) and one xy plane (z = 4) completely.
        for (var z = 0; z < shape.Z; z++)
        for (var y = 0; y < shape.Y; y++)
        for (var x = 0; x < shape.X; x++)
            if (x is 2 or 7 || z == 4) labels[volume.Index(z, y, x)] = SegmentationLabels.Background;

        var geometry = DatasetGeometry.Of("sparse", volume);
        Assert.False(geometry.IsDense);
        Assert.Equal([2, 0, 1], geometry.AnnotatedPlanes);
        Assert.Equal([2, 0, 1], AnnotationPool.For(geometry, 0));
        Assert.Equal(2, geometry.Available(VolumeAxis.X));
    }

    [Fact]
    public void Only_phantom_ids_have_a_geometry_without_loading()
    {
        Assert.Equal(new VolumeShape(24, 48, 48), DatasetGeometry.Phantom("phantom-tiny-s1")!.Shape);
        Assert.Null(DatasetGeometry.Phantom("my-embryo"));
    }
}
