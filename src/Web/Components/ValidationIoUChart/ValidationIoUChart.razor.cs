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
    private static readonly IReadOnlyList<int> Labels = Enumerable.Range(0, SegmentationLabels.ClassCount).ToArray();

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
    private readonly SeriesTrace[] classes = Labels.Select(l => new SeriesTrace(SegmentationLabels.Name(l))).ToArray();
    private IList<ITrace> data = [];
    private PlotlyChart? chart;

    /// <summary>The series by name, as the page holds them (<see cref="MetricSeries"/>).</summary>
    [Parameter, EditorRequired]
    public required Func<string, IReadOnlyList<SeriesPoint>> Series { get; set; }

    /// <summary>What the headline averages, in words.</summary>
    [Parameter]
    public string HeadlineClasses { get; set; } = "tubule";

    [Parameter]
    public string ChartId { get; set; } = "validation-iou";

    protected override void OnInitialized()
    {
        headline.Trace.Line = new Line { Width = 3 };
        headline.Trace.Mode = ModeFlag.Lines | ModeFlag.Markers;
        foreach (var trace in classes) trace.Trace.Line = new Line { Width = 1, Dash = "dot" };
        data = [headline.Trace, .. classes.Select(c => c.Trace)];
    }

    protected override async Task OnParametersSetAsync()
    {
        headline.Trace.Name = $"headline ({HeadlineClasses})";
        var changed = headline.Follow(Series(MetricSeries.ValidationIou));
        foreach (var label in Labels) changed |= classes[label].Follow(Series(MetricSeries.ValidationIouOf(label)));
        if (changed && chart is not null) await chart.React();
    }
}
