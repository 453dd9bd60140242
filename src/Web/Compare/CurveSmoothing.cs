namespace UNet3D.Lab.Web.Compare;

/// <summary>
/// Exponential moving average of a curve as TensorBoard and W&amp;B draw it: each value weighs the running mean by
/// <c>weight</c> (0 leaves the curve as it is, 0.99 nearly flattens it), debiased so that the start is not pulled
/// towards zero. Undefined values are passed through and do not enter the mean.
/// </summary>
public static class CurveSmoothing
{
    public const double MaxWeight = 0.99;

    public static double[] Ema(IReadOnlyList<double> values, double weight)
    {
        if (weight is < 0 or > MaxWeight) throw new ArgumentOutOfRangeException(nameof(weight), weight, $"Smoothing is from 0 to {MaxWeight}.");
        var smoothed = new double[values.Count];
        double mean = 0, debias = 1;
        for (var i = 0; i < values.Count; i++)
        {
            var value = values[i];
            if (!double.IsFinite(value))
            {
                smoothed[i] = value;
                continue;
            }
            mean = mean * weight + (1 - weight) * value;
            debias *= weight;
            smoothed[i] = weight == 0 ? value : mean / (1 - debias);
        }
        return smoothed;
    }
}
