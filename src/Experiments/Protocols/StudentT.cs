namespace UNet3D.Lab.Experiments.Protocols;

/// <summary>
/// Quantiles of Student's t distribution, for confidence intervals of small samples (a few seeds × samples): Hill's
/// algorithm 396 (Comm. ACM 13, 1970) for the two-tailed quantile, exact at one and two degrees of freedom and within
/// 1e-4 of tabulated values elsewhere (tested).
/// </summary>
public static class StudentT
{
    /// <summary>The t with P(|T| ≤ t) = <paramref name="confidence"/> at <paramref name="degreesOfFreedom"/>: 12.706 for 95% and 1.</summary>
    public static double TwoSidedQuantile(double confidence, int degreesOfFreedom)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(degreesOfFreedom, 1);
        if (confidence is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(confidence), confidence, "Confidence is between 0 and 1.");
        var p = 1 - confidence; // two-tailed probability
        double n = degreesOfFreedom;
        if (degreesOfFreedom == 1) return Math.Tan(Math.PI * (1 - p) / 2);
        if (degreesOfFreedom == 2) return Math.Sqrt(2 / (p * (2 - p)) - 2);
        var a = 1 / (n - 0.5);
        var b = 48 / (a * a);
        var c = ((20700 * a / b - 98) * a - 16) * a + 96.36;
        var d = ((94.5 / (b + c) - 3) / b + 1) * Math.Sqrt(a * Math.PI / 2) * n;
        var x = d * p;
        var y = Math.Pow(x, 2 / n);
        if (y > 0.05 + a)
        {
            x = NormalQuantile(0.5 * p);
            y = x * x;
            if (n < 5) c += 0.3 * (n - 4.5) * (x + 0.6);
            c = (((0.05 * d * x - 5) * x - 7) * x - 2) * x + b + c;
            y = (((((0.4 * y + 6.3) * y + 36) * y + 94.5) / c - y - 3) / b + 1) * x;
            y = Math.Exp(a * y * y) - 1;
        }
        else
        {
            y = ((1 / (((n + 6) / (n * y) - 0.089 * d - 0.822) * (n + 2) * 3) + 0.5 / (n + 4)) * y - 1) * (n + 1) / (n + 2) + 1 / y;
        }
        return Math.Sqrt(n * y);
    }

    /// <summary>The standard normal's lower-tail quantile (Acklam's rational approximation, relative error below 1.2e-9).</summary>
    private static double NormalQuantile(double p)
    {
        double[] a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00];
        double[] b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01];
        double[] c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00];
        double[] d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00];
        if (p < 0.02425)
        {
            var q = Math.Sqrt(-2 * Math.Log(p));
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        if (p > 1 - 0.02425) return -NormalQuantile(1 - p);
        var r = p - 0.5;
        var s = r * r;
        return (((((a[0] * s + a[1]) * s + a[2]) * s + a[3]) * s + a[4]) * s + a[5]) * r / (((((b[0] * s + b[1]) * s + b[2]) * s + b[3]) * s + b[4]) * s + 1);
    }
}
