using static TorchSharp.torch;

namespace UNet3D.Lab.Experiments.Tests;

/// <summary>
/// Compares a computation with its reference (float64, or float32 for lower precisions) relative to the reference's magnitude: honest float32
/// summation in any order stays within about 1e-5 of the largest value, a wrong kernel is off by tens of percent or NaN.
/// </summary>
internal static class GradientAssert
{
    public const double RelativeTolerance = 1e-4;

    public static void Close(string what, Tensor reference, Tensor actual, double relativeTolerance = RelativeTolerance)
    {
        Assert.Equal(reference.shape, actual.shape);
        var scale = reference.to(float64).abs().max().item<double>();
        var difference = (actual.to(float64) - reference.to(float64)).abs().max().item<double>();
        Assert.False(double.IsNaN(difference), $"{what}: NaN where the float64 reference has none (largest |value| {scale:G4}).");
        Assert.True(difference <= relativeTolerance * Math.Max(scale, 1e-12),
            $"{what}: differs from the float64 reference by up to {difference:G4} where its largest |value| is {scale:G4} (allowed {relativeTolerance:G2} of it).");
    }

    /// <summary>
    /// The difference's L2 norm against the reference's: for whole networks in a low precision, whose rounding spreads
    /// over every value of a gradient, where the largest single difference says more about one voxel than the tensor.
    /// </summary>
    public static void CloseInNorm(string what, Tensor reference, Tensor actual, double relativeTolerance)
    {
        Assert.Equal(reference.shape, actual.shape);
        var norm = reference.to(float64).norm().item<double>();
        var difference = (actual.to(float64) - reference.to(float64)).norm().item<double>();
        Assert.False(double.IsNaN(difference), $"{what}: NaN where the reference has none (norm {norm:G4}).");
        Assert.True(difference <= relativeTolerance * Math.Max(norm, 1e-12),
            $"{what}: differs from the reference by {difference / Math.Max(norm, 1e-12):P1} of its L2 norm (allowed {relativeTolerance:P0}).");
    }
}
