using Plotly.Blazor.Traces;
using Plotly.Blazor.Traces.ScatterLib;
using UNet3D.Lab.Silo.Series;

namespace UNet3D.Lab.Web.Components;

/// <summary>
/// A line of a chart that follows one series a page holds: new points at the end are appended to the trace; a
/// different list (the series read whole again) replaces what it shows.
/// </summary>
public sealed class SeriesTrace
{
    private readonly List<object> steps = [];
    private readonly List<object> values = [];
    private IReadOnlyList<SeriesPoint>? source;

    /// <param name="axis">The y axis it is drawn against: "y", "y2", …</param>
    public SeriesTrace(string name, string axis = "y") =>
        Trace = new Scatter { Name = name, Mode = ModeFlag.Lines, X = steps, Y = values, YAxis = axis };

    public Scatter Trace { get; }

    /// <summary>Points of the series on the chart.</summary>
    public int Shown { get; private set; }

    /// <summary>Takes what is new in <paramref name="points"/>; returns whether the trace changed.</summary>
    public bool Follow(IReadOnlyList<SeriesPoint> points)
    {
        var reset = !ReferenceEquals(points, source) || points.Count < Shown;
        if (reset)
        {
            source = points;
            steps.Clear();
            values.Clear();
            Shown = 0;
        }
        if (points.Count == Shown) return reset;
        for (var i = Shown; i < points.Count; i++)
        {
            steps.Add(points[i].Step);
            values.Add(points[i].Value);
        }
        Shown = points.Count;
        return true;
    }
}
