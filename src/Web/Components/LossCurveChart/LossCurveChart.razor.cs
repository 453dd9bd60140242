using Microsoft.AspNetCore.Components;
using Plotly.Blazor;
using Plotly.Blazor.LayoutLib;
using Plotly.Blazor.Traces;
using Plotly.Blazor.Traces.ScatterLib;
using UNet3D.Lab.Silo.Series;
using PlotLayout = Plotly.Blazor.Layout;

namespace UNet3D.Lab.Web.Components;

/// <summary>
/// The training loss per step, with the learning rate on a second axis, extended in place as new points arrive while
/// an experiment runs and drawn afresh when the page hands it a new list (a series read whole again).
/// </summary>
public partial class LossCurveChart
{
    private readonly Config config = new() { Responsive = true, DisplayLogo = false };
    private readonly PlotLayout layout = new()
    {
        Height = 340,
        Margin = new Margin { L = 60, R = 60, T = 30, B = 50 },
        XAxis = [new XAxis { Title = new Plotly.Blazor.LayoutLib.XAxisLib.Title { Text = "step" } }],
        YAxis =
        [
            new YAxis { Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = "weighted cross-entropy" } },
            new YAxis
            {
                Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = "learning rate" },
                Overlaying = "y",
                Side = Plotly.Blazor.LayoutLib.YAxisLib.SideEnum.Right,
                ShowGrid = false,
            },
        ],
        ShowLegend = false,
    };
    private readonly SeriesTrace loss = new("loss", "y");
    private readonly SeriesTrace learningRate = new("learning rate", "y2");
    private IList<ITrace> data = [];
    private PlotlyChart? chart;

    [Parameter, EditorRequired]
    public IReadOnlyList<SeriesPoint> Loss { get; set; } = [];

    [Parameter]
    public IReadOnlyList<SeriesPoint> LearningRate { get; set; } = [];

    [Parameter]
    public string ChartId { get; set; } = "loss-curve";

    private int PointsShown => loss.Shown;

    protected override void OnInitialized()
    {
        data = [loss.Trace, learningRate.Trace];
        learningRate.Trace.Line = new Line { Dash = "dot", Width = 1 };
    }

    protected override async Task OnParametersSetAsync()
    {
        var changed = loss.Follow(Loss) | learningRate.Follow(LearningRate);
        if (changed && chart is not null) await chart.React();
    }
}
