using System.Globalization;
using Microsoft.AspNetCore.Components;
using Plotly.Blazor;
using Plotly.Blazor.LayoutLib;
using Plotly.Blazor.Traces;
using UNet3D.Lab.Silo.Ablations;
using PlotLayout = Plotly.Blazor.Layout;

namespace UNet3D.Lab.Web.Components;

/// <summary>One bar per group of an ablation: the mean IoU over its seeds, with the sample sd as error bar.</summary>
public partial class AblationGroupsChart
{
    private readonly Config config = new() { Responsive = true, DisplayLogo = false };
    private readonly IList<ITrace> data = new List<ITrace>();
    private PlotLayout layout = new();
    private PlotlyChart? chart;
    private string shown = "";

    [Parameter, EditorRequired]
    public IReadOnlyList<AblationGroup> Groups { get; set; } = [];

    [Parameter]
    public string ClassNames { get; set; } = "tubule";

    protected override void OnInitialized() =>
        layout = new PlotLayout
        {
            Height = 360,
            Margin = new Margin { L = 60, R = 20, T = 20, B = 120 },
            YAxis = [new YAxis { Range = [0, 1], Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = $"IoU ({ClassNames})" } }],
        };

    protected override async Task OnParametersSetAsync()
    {
        var state = string.Join(";", Groups.Select(g => $"{g.Key}:{g.N}"));
        if (state == shown) return;
        shown = state;
        var withValues = Groups.Where(g => g.MeanIou is not null).ToArray();
        // The same list instance throughout, so that React() redraws what the chart holds.
        data.Clear();
        data.Add(new Bar
        {
            X = withValues.Select(g => (object)string.Join("<br>", Pages.AblationPage.Chips(g))).ToList(),
            Y = withValues.Select(g => (object)g.MeanIou!.Mean).ToList(),
            TextArray = withValues.Select(g => g.MeanIou!.Mean.ToString("F3", CultureInfo.InvariantCulture)).ToList(),
            TextPosition = Plotly.Blazor.Traces.BarLib.TextPositionEnum.Auto,
            ErrorY = new Plotly.Blazor.Traces.BarLib.ErrorY
            {
                Type = Plotly.Blazor.Traces.BarLib.ErrorYLib.TypeEnum.Data,
                Array = withValues.Select(g => (object)(g.MeanIou!.StandardDeviation ?? 0)).ToList(),
                Visible = withValues.Any(g => g.MeanIou!.StandardDeviation is not null),
            },
        });
        if (chart is not null) await chart.React();
    }
}
