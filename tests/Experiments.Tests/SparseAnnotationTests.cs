using UNet3D.Lab.Experiments.Data;

namespace UNet3D.Lab.Experiments.Tests;

public sealed class SparseAnnotationTests
{
    [Theory]
    [InlineData(32, 2, new[] { 8, 24 })]
    [InlineData(64, 1, new[] { 32 })]
    [InlineData(10, 3, new[] { 1, 5, 8 })]
    public void Slices_are_spread_uniformly(int extent, int count, int[] expected) =>
        Assert.Equal(expected, SparseAnnotation.UniformPositions(extent, count));

    [Fact]
    public void Keeps_exactly_the_chosen_planes_and_reports_the_fraction()
    {
        var shape = new VolumeShape(4, 5, 6);
        var dense = new LabeledVolume("v", shape, 1, new float[shape.VoxelCount], Enumerable.Repeat(SegmentationLabels.Tubule, (int)shape.VoxelCount).ToArray());
        var annotation = SparseAnnotation.FromSliceCounts(dense, [1, 0, 1]);

        // One yz plane (4·5 = 20 voxels) and one xy plane (5·6 = 30), sharing a line of 5 voxels.
        Assert.Equal(45, annotation.LabeledVoxels);
        Assert.Equal(45.0 / 120, annotation.AnnotatedFraction, 10);
        Assert.Equal([new AnnotatedSlice(VolumeAxis.X, 3), new AnnotatedSlice(VolumeAxis.Z, 2)], annotation.Slices);
        for (var z = 0; z < shape.Z; z++)
        for (var y = 0; y < shape.Y; y++)
        for (var x = 0; x < shape.X; x++)
        {
            var expected = x == 3 || z == 2 ? SegmentationLabels.Tubule : SegmentationLabels.Unlabeled;
            Assert.Equal(expected, annotation.Labels[dense.Index(z, y, x)]);
        }
    }

    [Fact]
    public void Too_many_slices_for_an_axis_is_an_error_naming_the_axis()
    {
        var shape = new VolumeShape(2, 5, 6);
        var dense = new LabeledVolume("v", shape, 1, new float[shape.VoxelCount], new byte[shape.VoxelCount]);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => SparseAnnotation.FromSliceCounts(dense, [1, 1, 3]));
        Assert.Contains("along Z", error.Message);
    }

    [Fact]
    public void User_label_volume_rejects_values_outside_the_label_set()
    {
        var error = Assert.Throws<ArgumentException>(() => SparseAnnotation.FromLabelVolume(new VolumeShape(1, 1, 3), [0, 7, 255], unlabeledValue: 255));
        Assert.Contains("label 7", error.Message);
    }
}
