using Microsoft.AspNetCore.Components;
using Plotly.Blazor;
using PlotLayout = Plotly.Blazor.Layout;
using Plotly.Blazor.LayoutLib;
using Plotly.Blazor.Traces;
using Plotly.Blazor.Traces.ScatterLib;

namespace UNet3D.Lab.Web.Components;

/// <summary>The training loss per step, extended in place as new points arrive while an experiment runs.</summary>
public partial class LossCurveChart
{
    private readonly Config config = new() { Responsive = true, DisplayLogo = false };
    private readonly PlotLayout layout = new()
    {
        Height = 340,
        Margin = new Margin { L = 60, R = 20, T = 30, B = 50 },
        XAxis = [new XAxis { Title = new Plotly.Blazor.LayoutLib.XAxisLib.Title { Text = "step" } }],
        YAxis = [new YAxis { Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = "weighted cross-entropy" } }],
        ShowLegend = false,
    };
    private readonly List<object> steps = [];
    private readonly List<object> losses = [];
    private IList<ITrace> data = [];
    private PlotlyChart? chart;
    private int pointsShown;

    [Parameter, EditorRequired]
    public IReadOnlyList<LossPoint> Curve { get; set; } = [];

    [Parameter]
    public string ChartId { get; set; } = "loss-curve";

    protected override void OnInitialized() =>
        data = [new Scatter { Name = "loss", Mode = ModeFlag.Lines, X = steps, Y = losses }];

    protected override async Task OnParametersSetAsync()
    {
        if (Curve.Count == pointsShown) return;
        if (Curve.Count < pointsShown)
        {
            // A restarted run: draw it afresh.
            steps.Clear();
            losses.Clear();
            pointsShown = 0;
        }
        foreach (var point in Curve.Skip(pointsShown))
        {
            steps.Add(point.Step);
            losses.Add(point.Loss);
        }
        pointsShown = Curve.Count;
        if (chart is not null) await chart.React();
    }
}
