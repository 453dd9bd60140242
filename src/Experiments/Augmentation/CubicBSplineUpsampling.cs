using static TorchSharp.torch;

namespace UNet3D.Lab.Experiments.Augmentation;

/// <summary>
/// Dense fields from coarse control points with the uniform cubic B-spline basis. Control points lie every
/// <c>spacing</c> voxels along an axis, one at its centre, with enough beyond each edge that every voxel has its four supporting points. Upsampling is separable: one small
/// weight matrix per axis, applied with matmul, so the cost is a few passes over the output.
/// </summary>
public static class CubicBSplineUpsampling
{
    /// <summary>Control points needed along an axis of <paramref name="extent"/> voxels (at least 4).</summary>
    public static int ControlPointCount(int extent, double spacing)
    {
        CheckAxis(extent, spacing);
        var (first, last) = SupportedIntervals(extent, spacing);
        return last - first + 4;
    }

    /// <summary>
    /// [extent, ControlPointCount] float32: row p holds the weights of the control points for voxel p (at most four
    /// non-zero, summing to 1).
    /// </summary>
    public static Tensor WeightMatrix(int extent, double spacing, Device? device = null)
    {
        CheckAxis(extent, spacing);
        var (first, last) = SupportedIntervals(extent, spacing);
        var count = last - first + 4;
        var weights = new float[extent * count];
        for (var p = 0; p < extent; p++)
        {
            var u = Position(p, extent, spacing);
            var interval = (int)Math.Floor(u);
            var f = u - interval;
            // Column of control point interval-1, the first of the four that support [interval, interval+1).
            var column = interval - 1 - (first - 1);
            var row = p * count;
            weights[row + column] = (float)((1 - f) * (1 - f) * (1 - f) / 6);
            weights[row + column + 1] = (float)((3 * f * f * f - 6 * f * f + 4) / 6);
            weights[row + column + 2] = (float)((-3 * f * f * f + 3 * f * f + 3 * f + 1) / 6);
            weights[row + column + 3] = (float)(f * f * f / 6);
        }
        return tensor(weights, [extent, count], device: device);
    }

    /// <summary>
    /// Positions of the control points along an axis, in voxels relative to the axis centre. Because cubic
    /// B-splines reproduce straight lines, control values that are a linear function of these positions give
    /// exactly that linear function at every voxel.
    /// </summary>
    public static double[] ControlPointPositions(int extent, double spacing)
    {
        CheckAxis(extent, spacing);
        var (first, last) = SupportedIntervals(extent, spacing);
        return Enumerable.Range(first - 1, last - first + 4).Select(j => j * spacing).ToArray();
    }

    /// <summary>
    /// Upsamples <paramref name="controlPoints"/> [n_0, …, n_{D-1}, K] (n_a = <see cref="ControlPointCount"/> of
    /// axis a) to a dense, contiguous [extent_0, …, extent_{D-1}, K] field; the K components ride along.
    /// </summary>
    public static Tensor Upsample(Tensor controlPoints, IReadOnlyList<int> extent, double spacing)
    {
        var dims = extent.Count;
        if (controlPoints.dim() != dims + 1)
            throw new ArgumentException($"Control points need {dims + 1} dimensions (axes and components), not {controlPoints.dim()}.", nameof(controlPoints));
        for (var a = 0; a < dims; a++)
            if (controlPoints.shape[a] != ControlPointCount(extent[a], spacing))
                throw new ArgumentException($"Axis {a} has {controlPoints.shape[a]} control points; {extent[a]} voxels at spacing {spacing} need {ControlPointCount(extent[a], spacing)}.", nameof(controlPoints));

        using var scope = NewDisposeScope();
        var field = controlPoints.to_type(ScalarType.Float32);
        // Last axis first, so that the coarse axes multiply small tensors and only the final matmul writes the
        // full field; each step's right factor flattens every axis after the current one.
        for (var a = dims - 1; a >= 0; a--)
        {
            var leading = field.shape.Take(a).ToArray();
            var weights = WeightMatrix(extent[a], spacing, controlPoints.device);
            var upsampled = weights.matmul(field.reshape([.. leading, field.shape[a], -1]));
            field = upsampled.reshape([.. leading, extent[a], .. field.shape.Skip(a + 1)]);
        }
        return field.MoveToOuterDisposeScope();
    }

    /// <summary>Voxel p in units of the control spacing, relative to the axis centre.</summary>
    private static double Position(int p, int extent, double spacing) => (p - (extent - 1) / 2.0) / spacing;

    /// <summary>Indices of the first and last spline interval any voxel of the axis falls in.</summary>
    private static (int First, int Last) SupportedIntervals(int extent, double spacing) =>
        ((int)Math.Floor(Position(0, extent, spacing)), (int)Math.Floor(Position(extent - 1, extent, spacing)));

    private static void CheckAxis(int extent, double spacing)
    {
        if (extent < 1) throw new ArgumentOutOfRangeException(nameof(extent), extent, "Extent must be positive.");
        if (!double.IsFinite(spacing) || spacing <= 0) throw new ArgumentOutOfRangeException(nameof(spacing), spacing, "Spacing must be positive and finite.");
    }
}
