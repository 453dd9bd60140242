using UNet3D.Lab.Silo.Series;

namespace UNet3D.Lab.Web.Compare;

/// <summary>
/// A compare chart's lines from the points a view holds, in one pass over each run's series: smoothed at full
/// resolution, then cut down to what a chart can draw (each bucket's lowest and highest point, so the line keeps its
/// spikes); a group is the mean ± sd of its runs' smoothed curves on a common x grid.
/// </summary>
public static class CompareCurves
{
    /// <summary>Points one chart sends to the browser at most, shared among its lines.</summary>
    public const int MaxChartPoints = 10_000;

    public const int MinLinePoints = 100;
    public const int MaxLinePoints = 2_000;

    public static CurveChartModel Of(CompareData data, string series, CompareQuery query, IReadOnlyList<CompareGroup> groups)
    {
        var perLine = Math.Clamp(MaxChartPoints / Math.Max(1, groups.Count), MinLinePoints, MaxLinePoints);
        var lines = groups.Select(g => g.IsSingleRun
            ? RunLine(g, Curve(data.Points(g.Runs[0].Id, series), query), perLine, query.X)
            : GroupLine(g, g.Runs.Select(r => Curve(data.Points(r.Id, series), query)).ToArray(), perLine, query.X, query.LogY)).ToArray();
        return new CurveChartModel(series, query.X, query.LogY, query.Smooth, lines);
    }

    /// <summary>A run's points with their values smoothed, x the step or the wall time.</summary>
    public static SeriesPoint[] Curve(IReadOnlyList<SeriesPoint> points, CompareQuery query)
    {
        var smoothed = CurveSmoothing.Ema(points.Select(p => p.Value).ToArray(), query.Smooth);
        var curve = new SeriesPoint[points.Count];
        for (var i = 0; i < curve.Length; i++) curve[i] = points[i] with { Value = smoothed[i] };
        return curve;
    }

    private static double X(SeriesPoint point, CompareAxis axis) => axis == CompareAxis.Step ? point.Step : point.Seconds;

    private static CurveLine RunLine(CompareGroup run, SeriesPoint[] curve, int points, CompareAxis axis)
    {
        var shown = SeriesDownsampler.Downsample(curve, points);
        return new CurveLine(run.Name, run.Color, shown.Select(p => X(p, axis)).ToArray(), shown.Select(p => p.Value).ToArray(), 1);
    }

    private static CurveLine GroupLine(CompareGroup group, SeriesPoint[][] curves, int points, CompareAxis axis, bool logY)
    {
        var band = CurveBand.Of(curves.Select(c => (IReadOnlyList<(double X, double Y)>)c.Select(p => (X(p, axis), p.Value)).ToArray()).ToArray(), points);
        var mean = band.Mean.ToArray();
        var upper = mean.Select((m, i) => m + band.StandardDeviation[i]).ToArray();
        var lower = mean.Select((m, i) => m - band.StandardDeviation[i]).ToArray();
        if (logY)
        {
            // A log axis cannot show the band below zero: it reaches down to a tenth of the lowest mean instead.
            var floor = mean.Where(m => m > 0).DefaultIfEmpty(1).Min() / 10;
            lower = lower.Select(l => double.IsFinite(l) && l <= 0 ? floor : l).ToArray();
        }
        var x = band.X.ToArray();
        return new CurveLine(group.Name, group.Color, x, mean, curves.Count(c => c.Length > 0), [.. x, .. x.Reverse()], [.. upper, .. lower.Reverse()]);
    }
}
