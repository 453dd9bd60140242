using TorchSharp;
using UNet3D.Lab.Experiments.Augmentation;
using static TorchSharp.torch;

namespace UNet3D.Lab.Experiments.Tests;

public sealed class CubicBSplineUpsamplingTests
{
    [Theory]
    [InlineData(1, 32, 4)]
    [InlineData(24, 32, 5)]
    [InlineData(60, 32, 5)]
    [InlineData(116, 32, 7)]
    [InlineData(132, 32, 9)]
    [InlineData(24, 8, 7)]
    public void Control_points_cover_the_axis_with_at_least_four(int extent, double spacing, int expected) =>
        Assert.Equal(expected, CubicBSplineUpsampling.ControlPointCount(extent, spacing));

    [Theory]
    [InlineData(24, 8)]
    [InlineData(60, 32)]
    [InlineData(31, 5.5)]
    public void Weights_sum_to_one_and_reproduce_straight_lines(int extent, double spacing)
    {
        using var scope = NewDisposeScope();
        var weights = CubicBSplineUpsampling.WeightMatrix(extent, spacing);
        var count = CubicBSplineUpsampling.ControlPointCount(extent, spacing);
        Assert.Equal(new long[] { extent, count }, weights.shape);
        Assert.True(weights.sum(dim: 1).allclose(ones(extent), rtol: 0, atol: 1e-5));
        Assert.True(weights.ne(0).sum(dim: 1).le(4).all().item<bool>());

        // Control points at their own positions (relative to the centre) must give back every voxel's position.
        var positions = tensor(CubicBSplineUpsampling.ControlPointPositions(extent, spacing)).to_type(ScalarType.Float32);
        Assert.Equal(count, positions.shape[0]);
        Assert.True(positions.diff().allclose(full([count - 1], (float)spacing)));
        var expected = arange(extent, ScalarType.Float32).sub_((extent - 1) / 2.0);
        Assert.True(weights.matmul(positions).allclose(expected, rtol: 0, atol: 1e-3));
    }

    [Fact]
    public void Upsampling_is_separable_and_keeps_components_apart()
    {
        using var scope = NewDisposeScope();
        int[] extent = [10, 12, 14];
        var counts = extent.Select(e => (long)CubicBSplineUpsampling.ControlPointCount(e, 4)).ToArray();
        var values = new float[counts.Aggregate(1L, (p, c) => p * c) * 2];
        var random = new Random(3);
        for (var i = 0; i < values.Length; i++) values[i] = (float)random.NextDouble();
        var controlPoints = tensor(values, [.. counts, 2]);

        var dense = CubicBSplineUpsampling.Upsample(controlPoints, extent, 4);

        var wz = CubicBSplineUpsampling.WeightMatrix(extent[0], 4);
        var wy = CubicBSplineUpsampling.WeightMatrix(extent[1], 4);
        var wx = CubicBSplineUpsampling.WeightMatrix(extent[2], 4);
        var reference = einsum("ijkc,zi,yj,xk->zyxc", controlPoints, wz, wy, wx);
        Assert.Equal(new long[] { 10, 12, 14, 2 }, dense.shape);
        Assert.True(dense.allclose(reference, rtol: 1e-5, atol: 1e-5));
    }
}
