using Microsoft.AspNetCore.Components;
using Plotly.Blazor;
using Plotly.Blazor.LayoutLib;
using Plotly.Blazor.Traces;
using Plotly.Blazor.Traces.ScatterLib;
using UNet3D.Lab.Silo.Series;
using PlotLayout = Plotly.Blazor.Layout;

namespace UNet3D.Lab.Web.Components;

/// <summary>
/// The IoU on the held-out voxels while the network trains: the headline (the classes of the final metrics) and each
/// class's, measured every <c>evaluateEvery</c> steps and after the last one.
/// </summary>
public partial class ValidationIoUChart
{
    private readonly Config config = new() { Responsive = true, DisplayLogo = false };
    private readonly PlotLayout layout = new()
    {
        Height = 300,
        Margin = new Margin { L = 60, R = 20, T = 30, B = 50 },
        XAxis = [new XAxis { Title = new Plotly.Blazor.LayoutLib.XAxisLib.Title { Text = "step" } }],
        YAxis = [new YAxis { Range = [0, 1], Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = "IoU on held-out voxels" } }],
        ShowLegend = true,
    };
    private readonly SeriesTrace headline = new("headline");
    private SeriesTrace[] classes = [];
    private LabelSet? tracedClasses;
    private readonly IList<ITrace> data = new List<ITrace>();
    private PlotlyChart? chart;

    /// <summary>The series by name, as the page holds them (<see cref="MetricSeries"/>).</summary>
    [Parameter, EditorRequired]
    public required Func<string, IReadOnlyList<SeriesPoint>> Series { get; set; }

    /// <summary>What the headline averages, in words.</summary>
    [Parameter]
    public string HeadlineClasses { get; set; } = "tubule";

    /// <summary>The run's classes, one dotted trace each.</summary>
    [Parameter]
    public LabelSet Classes { get; set; } = LabelSet.Paper;

    [Parameter]
    public string ChartId { get; set; } = "validation-iou";

    protected override void OnInitialized()
    {
        headline.Trace.Line = new Line { Width = 3 };
        headline.Trace.Mode = ModeFlag.Lines | ModeFlag.Markers;
    }

    protected override async Task OnParametersSetAsync()
    {
        var changed = false;
        if (!Classes.Equals(tracedClasses))
        {
            tracedClasses = Classes;
            classes = Classes.Names.Select(name => new SeriesTrace(name)).ToArray();
            foreach (var trace in classes) trace.Trace.Line = new Line { Width = 1, Dash = "dot" };
            // The chart holds this list: it changes in place.
            data.Clear();
            data.Add(headline.Trace);
            foreach (var trace in classes) data.Add(trace.Trace);
            changed = true;
        }
        headline.Trace.Name = $"headline ({HeadlineClasses})";
        changed |= headline.Follow(Series(MetricSeries.ValidationIou));
        for (var label = 0; label < classes.Length; label++) changed |= classes[label].Follow(Series(MetricSeries.ValidationIouOf(label, Classes)));
        if (changed && chart is not null) await chart.React();
    }
}
