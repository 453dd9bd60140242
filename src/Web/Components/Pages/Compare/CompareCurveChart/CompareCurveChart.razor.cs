using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using Plotly.Blazor;
using Plotly.Blazor.LayoutLib;
using Plotly.Blazor.Traces;
using Plotly.Blazor.Traces.ScatterLib;
using UNet3D.Lab.Web.Compare;
using PlotLayout = Plotly.Blazor.Layout;

namespace UNet3D.Lab.Web.Components.Pages.Compare;

/// <summary>
/// One series of every shown run (or group, with its ± sd band) in one chart: hovering shows the value of every line at
/// that x — in Plotly's "x unified" label while it fits, else in a panel under the chart (wwwroot/compareHover.js); the
/// modebar's camera and the PNG button save it as an image. It draws what the page computed and redraws when the page
/// hands it a new model.
/// </summary>
public partial class CompareCurveChart
{
    /// <summary>
    /// Above this many lines the legend and the hover label would hide the chart: the configuration table shows each
    /// run's colour and the hover panel their values.
    /// </summary>
    public const int MaxLegendLines = 16;

    /// <summary>Lines with at most this many points show them as markers too.</summary>
    public const int MaxMarkedPoints = 30;

    private readonly IList<ITrace> data = new List<ITrace>();
    private readonly PlotLayout layout = new()
    {
        Height = 420,
        Margin = new Margin { L = 60, R = 20, T = 10, B = 50 },
        HoverMode = HoverModeEnum.XUnified,
        Legend = [new Legend { Orientation = Plotly.Blazor.LayoutLib.LegendLib.OrientationEnum.H, Y = -0.2m, ItemClick = Plotly.Blazor.LayoutLib.LegendLib.ItemClickEnum.False, ItemDoubleClick = Plotly.Blazor.LayoutLib.LegendLib.ItemDoubleClickEnum.False }],
    };
    private Config config = new();
    private PlotlyChart? chart;
    private CurveChartModel? drawn;
    private ElementReference hoverPanel;
    private bool hoverFollowed;

    [Inject]
    public required IJSRuntime JS { get; set; }

    [Parameter, EditorRequired]
    public required CurveChartModel Model { get; set; }

    /// <summary>"compare-chart" on the view's main (first) chart.</summary>
    [Parameter]
    public string TestId { get; set; } = "series-chart";

    [Parameter]
    public string ChartId { get; set; } = "compare-chart";

    private bool ManyLines => Model.Lines.Count > MaxLegendLines;

    private string SmoothText => Model.Smooth.ToString("0.###", CultureInfo.InvariantCulture);

    protected override void OnInitialized() => config = new Config
    {
        Responsive = true,
        DisplayLogo = false,
        ToImageButtonOptions = new { format = "png", filename = FileName },
    };

    protected override async Task OnParametersSetAsync()
    {
        if (ReferenceEquals(Model, drawn)) return;
        drawn = Model;
        Draw();
        if (chart is not null) await chart.React();
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        // The panel comes and goes with the number of lines (grouping); the script keeps one listener on the chart.
        if (!ManyLines)
        {
            hoverFollowed = false;
            return;
        }
        if (hoverFollowed) return;
        hoverFollowed = true;
        await JS.InvokeVoidAsync("labCompareHover.follow", ChartId, hoverPanel);
    }

    private string FileName => "compare-" + Model.Series.Replace('/', '-');

    /// <summary>The model as Plotly traces and axes; the same list instance throughout, so that React() redraws what the chart holds.</summary>
    private void Draw()
    {
        data.Clear();
        foreach (var line in Model.Lines)
        {
            if (line.BandX is { } bandX && line.BandY is { } bandY)
            {
                data.Add(new Scatter
                {
                    Name = line.Name + " ± sd",
                    X = Values(bandX),
                    Y = Values(bandY),
                    Fill = FillEnum.ToSelf,
                    FillColor = ComparePalette.Band(line.Color),
                    Line = new Line { Width = 0, Color = line.Color },
                    Mode = ModeFlag.Lines,
                    HoverInfo = HoverInfoFlag.Skip,
                    ShowLegend = false,
                    LegendGroup = line.Name,
                });
            }
            data.Add(new Scatter
            {
                Name = line.Name,
                X = Values(line.X),
                Y = Values(line.Y),
                // A curve of a few points (the held-out IoU, a short run) shows them; one point alone is no line at all.
                Mode = line.X.Length <= MaxMarkedPoints ? ModeFlag.Lines | ModeFlag.Markers : ModeFlag.Lines,
                Marker = new Marker { Color = line.Color, Size = 5 },
                Line = new Line { Color = line.Color, Width = line.BandX is null ? 1.5m : 2.5m },
                // Many lines: no label (the panel lists them; a template would bring the label back), but hover events still come.
                HoverTemplate = ManyLines ? null : "%{y:.4g}",
                HoverInfo = ManyLines ? HoverInfoFlag.None : null,
                LegendGroup = line.Name,
            });
        }
        layout.ShowLegend = !ManyLines;
        layout.XAxis = [new XAxis { Title = new Plotly.Blazor.LayoutLib.XAxisLib.Title { Text = Model.XTitle } }];
        layout.YAxis =
        [
            new YAxis
            {
                Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = Model.Series },
                Type = Model.LogY ? Plotly.Blazor.LayoutLib.YAxisLib.TypeEnum.Log : Plotly.Blazor.LayoutLib.YAxisLib.TypeEnum.Linear,
            },
        ];
    }

    /// <summary>
    /// Values as Plotly gets them: six significant digits (more cannot be seen, and the JSON sent for 50 runs halves),
    /// null for undefined ones (Plotly draws a gap; NaN is no JSON).
    /// </summary>
    internal static List<object> Values(double[] values) => values.Select(v => double.IsFinite(v) ? (object)Significant(v) : null!).ToList();

    private static double Significant(double value)
    {
        if (value == 0) return 0;
        var decimals = 5 - (int)Math.Floor(Math.Log10(Math.Abs(value)));
        return decimals is >= 0 and <= 15 ? Math.Round(value, decimals) : value;
    }

    private async Task DownloadPng()
    {
        if (chart is not null) await chart.DownloadImage(ImageFormat.Png, 600, 1200, FileName);
    }
}
