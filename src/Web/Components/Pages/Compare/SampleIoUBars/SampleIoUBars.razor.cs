using Microsoft.AspNetCore.Components;
using Plotly.Blazor;
using Plotly.Blazor.LayoutLib;
using Plotly.Blazor.Traces;
using Plotly.Blazor.Traces.BarLib;
using UNet3D.Lab.Web.Compare;
using PlotLayout = Plotly.Blazor.Layout;

namespace UNet3D.Lab.Web.Components.Pages.Compare;

/// <summary>Grouped bars, group × sample: each group's mean IoU of every sample, with one sd as error bar.</summary>
public partial class SampleIoUBars
{
    private const string FileName = "compare-sample-iou";

    private readonly IList<ITrace> data = new List<ITrace>();
    private readonly Config config = new() { Responsive = true, DisplayLogo = false, ToImageButtonOptions = new { format = "png", filename = FileName } };
    private readonly PlotLayout layout = new()
    {
        Height = 360,
        Margin = new Margin { L = 60, R = 20, T = 10, B = 40 },
        BarMode = BarModeEnum.Group,
        YAxis = [new YAxis { Range = [0, 1], Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = "IoU" } }],
        Legend = [new Legend { Orientation = Plotly.Blazor.LayoutLib.LegendLib.OrientationEnum.H, Y = -0.15m }],
    };
    private PlotlyChart? chart;
    private SampleBars? drawn;

    [Parameter, EditorRequired]
    public required SampleBars Bars { get; set; }

    protected override async Task OnParametersSetAsync()
    {
        if (ReferenceEquals(Bars, drawn)) return;
        drawn = Bars;
        data.Clear();
        foreach (var (group, iou) in Bars.Groups)
        {
            data.Add(new Bar
            {
                Name = group.Name,
                X = Bars.Samples.Cast<object>().ToList(),
                Y = iou.Select(s => s is null ? null! : (object)s.Mean).ToList(),
                Marker = new Marker { Color = group.Color },
                ErrorY = new ErrorY
                {
                    Type = Plotly.Blazor.Traces.BarLib.ErrorYLib.TypeEnum.Data,
                    Array = iou.Select(s => (object)(s?.StandardDeviation ?? 0)).ToList(),
                    Visible = iou.Any(s => s?.StandardDeviation is not null),
                },
                HoverTemplate = "%{y:.3f}",
                TextArray = iou.Select(s => s is null ? "" : s.Format("F3")).ToList(),
                TextPosition = TextPositionEnum.None,
            });
        }
        layout.ShowLegend = Bars.Groups.Count <= CompareCurveChart.MaxLegendLines;
        if (chart is not null) await chart.React();
    }

    private async Task DownloadPng()
    {
        if (chart is not null) await chart.DownloadImage(ImageFormat.Png, 500, 1200, FileName);
    }
}
