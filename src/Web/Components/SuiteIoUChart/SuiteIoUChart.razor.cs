using System.Globalization;
using Microsoft.AspNetCore.Components;
using Plotly.Blazor;
using Plotly.Blazor.LayoutLib;
using Plotly.Blazor.Traces;
using UNet3D.Lab.Experiments.Protocols;
using PlotLayout = Plotly.Blazor.Layout;

namespace UNet3D.Lab.Web.Components;

/// <summary>
/// Per-dataset IoU grouped by model (Tables 1 and 3) or by number of annotated slices (Table 2), with the standard
/// deviation over seeds as error bars.
/// </summary>
public partial class SuiteIoUChart
{
    private readonly Config config = new() { Responsive = true, DisplayLogo = false };
    private PlotLayout layout = new();
    private readonly IList<ITrace> data = new List<ITrace>();
    private PlotlyChart? chart;
    private int shown = -1;

    [Parameter, EditorRequired]
    public IReadOnlyList<ChartBar> Bars { get; set; } = [];

    [Parameter]
    public string ClassNames { get; set; } = "tubule";

    [Parameter]
    public string ChartId { get; set; } = "suite-chart";

    protected override void OnInitialized() =>
        layout = new PlotLayout
        {
            Height = 340,
            BarMode = BarModeEnum.Group,
            Margin = new Margin { L = 60, R = 20, T = 30, B = 60 },
            YAxis = [new YAxis { Range = [0, 1], Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = $"IoU ({ClassNames})" } }],
        };

    protected override async Task OnParametersSetAsync()
    {
        if (Bars.Count == shown) return;
        shown = Bars.Count;
        // The same list instance throughout, so that React() redraws what the chart holds.
        data.Clear();
        foreach (var series in Bars.GroupBy(b => b.Series))
        {
            data.Add(new Bar
            {
                Name = series.Key,
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
