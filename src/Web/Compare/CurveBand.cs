namespace UNet3D.Lab.Web.Compare;

/// <summary>
/// Several runs' curves as one line with a ± sd band: every curve is read at the same x positions (evenly spaced over
/// the x range the curves cover, linear between a curve's points, nothing outside its own range), and at each position
/// the mean, sample sd and number of curves that reach it. One pass over each curve.
/// </summary>
public sealed record CurveBand(IReadOnlyList<double> X, IReadOnlyList<double> Mean, IReadOnlyList<double> StandardDeviation, IReadOnlyList<int> N)
{
    /// <param name="curves">Each curve's points, sorted by x.</param>
    /// <param name="positions">How many x positions the band has (at most).</param>
    public static CurveBand Of(IReadOnlyList<IReadOnlyList<(double X, double Y)>> curves, int positions = 500)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(positions, 2);
        var drawn = curves.Where(c => c.Count > 0).ToArray();
        if (drawn.Length == 0) return new CurveBand([], [], [], []);
        var (from, to) = (drawn.Min(c => c[0].X), drawn.Max(c => c[^1].X));
        var count = from == to ? 1 : positions;
        var x = Enumerable.Range(0, count).Select(i => count == 1 ? from : from + (to - from) * i / (count - 1)).ToArray();
        var sum = new double[count];
        var squares = new double[count];
        var n = new int[count];
        foreach (var curve in drawn)
        {
            var next = 0;
            for (var i = 0; i < count; i++)
            {
                if (x[i] < curve[0].X || x[i] > curve[^1].X) continue;
                while (next < curve.Count - 1 && curve[next + 1].X < x[i]) next++;
                var value = Interpolate(curve, next, x[i]);
                if (!double.IsFinite(value)) continue;
                sum[i] += value;
                squares[i] += value * value;
                n[i]++;
            }
        }
        var mean = new double[count];
        var sd = new double[count];
        for (var i = 0; i < count; i++)
        {
            mean[i] = n[i] == 0 ? double.NaN : sum[i] / n[i];
            sd[i] = n[i] < 2 ? 0 : Math.Sqrt(Math.Max(0, (squares[i] - n[i] * mean[i] * mean[i]) / (n[i] - 1)));
        }
        return new CurveBand(x, mean, sd, n);
    }

    private static double Interpolate(IReadOnlyList<(double X, double Y)> curve, int index, double x)
    {
        var a = curve[index];
        if (index == curve.Count - 1 || a.X >= x) return a.Y;
        var b = curve[index + 1];
        return b.X == a.X ? b.Y : a.Y + (b.Y - a.Y) * (x - a.X) / (b.X - a.X);
    }
}
