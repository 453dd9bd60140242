using System.Globalization;
using Microsoft.AspNetCore.Components;
using Plotly.Blazor;
using Plotly.Blazor.LayoutLib;
using Plotly.Blazor.Traces;
using UNet3D.Lab.Experiments.Protocols;
using PlotLayout = Plotly.Blazor.Layout;

namespace UNet3D.Lab.Web.Components;

/// <summary>
/// IoU as bars with the standard deviation over seeds as error bars, one trace per <see cref="ChartBar.Series"/>
/// grouped along x: a table's datasets by model or by annotated slices, an ablation's groups.
/// </summary>
public partial class IoUBarChart
{
    private readonly Config config = new() { Responsive = true, DisplayLogo = false };
    private PlotLayout layout = new();
    private readonly IList<ITrace> data = new List<ITrace>();
    private PlotlyChart? chart;
    private string shown = "";

    [Parameter, EditorRequired]
    public IReadOnlyList<ChartBar> Bars { get; set; } = [];

    [Parameter]
    public string ClassNames { get; set; } = "tubule";

    [Parameter]
    public string ChartId { get; set; } = "iou-chart";

    [Parameter]
    public string TestId { get; set; } = "iou-chart";

    /// <summary>Room below the plot for the x labels: more for labels of several lines.</summary>
    [Parameter]
    public int LabelMargin { get; set; } = 60;

    protected override void OnInitialized() =>
        layout = new PlotLayout
        {
            Height = 300 + LabelMargin,
            BarMode = BarModeEnum.Group,
            Margin = new Margin { L = 60, R = 20, T = 30, B = LabelMargin },
            YAxis = [new YAxis { Range = [0, 1], Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = $"IoU ({ClassNames})" } }],
        };

    protected override async Task OnParametersSetAsync()
    {
        // Redrawn only when a bar changes, not at every render of the page around it.
        var state = string.Join(";", Bars.Select(b => string.Create(CultureInfo.InvariantCulture, $"{b.Series}|{b.Dataset}|{b.Value.Mean}|{b.Value.StandardDeviation}")));
        if (state == shown) return;
        shown = state;
        // The same list instance throughout, so that React() redraws what the chart holds.
        data.Clear();
        foreach (var series in Bars.GroupBy(b => b.Series))
        {
            data.Add(new Bar
            {
                Name = series.Key,
                ShowLegend = series.Key.Length > 0,
                X = series.Select(b => (object)b.Dataset).ToList(),
                Y = series.Select(b => (object)b.Value.Mean).ToList(),
                TextArray = series.Select(b => b.Value.Mean.ToString("F3", CultureInfo.InvariantCulture)).ToList(),
                TextPosition = Plotly.Blazor.Traces.BarLib.TextPositionEnum.Auto,
                ErrorY = new Plotly.Blazor.Traces.BarLib.ErrorY
                {
                    Type = Plotly.Blazor.Traces.BarLib.ErrorYLib.TypeEnum.Data,
                    Array = series.Select(b => (object)(b.Value.StandardDeviation ?? 0)).ToList(),
                    Visible = series.Any(b => b.Value.StandardDeviation is not null),
                },
            });
        }
        if (chart is not null) await chart.React();
    }
}
