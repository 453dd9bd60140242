using Bunit;
using MudBlazor.Services;
using Plotly.Blazor.Traces;
using UNet3D.Lab.Web.Compare;
using UNet3D.Lab.Web.Components.Pages.Compare;

namespace UNet3D.Lab.Web.Tests;

/// <summary>What a compare chart hands Plotly: a legend and Plotly's hover label while they fit, a hover panel beyond.</summary>
public sealed class CompareCurveChartTests : IAsyncLifetime
{
    private readonly BunitContext context = new();

    public CompareCurveChartTests()
    {
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.Services.AddMudServices();
    }

    private static CurveChartModel ModelOf(int lines) => new("loss", CompareAxis.Step, false, 0,
        Enumerable.Range(0, lines).Select(i => new CurveLine($"run {i}", ComparePalette.Color(i), [1, 2, 3], [1.0 / (i + 1), 0.5 / (i + 1), 0.25 / (i + 1)], 1)).ToArray());

    [Fact]
    public void A_few_lines_have_a_legend_and_plotlys_unified_label()
    {
        var chart = context.Render<CompareCurveChart>(p => p.Add(c => c.Model, ModelOf(CompareCurveChart.MaxLegendLines)).Add(c => c.ChartId, "few"));

        Assert.Empty(chart.FindAll("[data-testid=hover-values]"));
        var traces = Traces(chart);
        Assert.All(traces, t => Assert.Equal("%{y:.4g}", t.HoverTemplate));
        Assert.True(Layout(chart).ShowLegend);
        Assert.Empty(context.JSInterop.Invocations["labCompareHover.follow"]);
    }

    [Fact]
    public void Many_lines_show_every_value_in_the_hover_panel_instead()
    {
        var chart = context.Render<CompareCurveChart>(p => p.Add(c => c.Model, ModelOf(50)).Add(c => c.ChartId, "many"));

        var panel = chart.Find("[data-testid=hover-values]");
        Assert.Equal("step", panel.GetAttribute("data-x-title"));
        var traces = Traces(chart);
        Assert.Equal(50, traces.Count);
        Assert.All(traces, t => Assert.Null(t.HoverTemplate));
        Assert.All(traces, t => Assert.Equal(Plotly.Blazor.Traces.ScatterLib.HoverInfoFlag.None, t.HoverInfo));
        Assert.False(Layout(chart).ShowLegend);
        var follow = Assert.Single(context.JSInterop.Invocations["labCompareHover.follow"]);
        Assert.Equal("many", follow.Arguments[0]);

        // Grouped into two lines, the label fits again: no panel.
        chart.Render(p => p.Add(c => c.Model, ModelOf(2)));
        Assert.Empty(chart.FindAll("[data-testid=hover-values]"));
        Assert.All(Traces(chart), t => Assert.Equal("%{y:.4g}", t.HoverTemplate));
    }

    private static IReadOnlyList<Scatter> Traces(IRenderedComponent<CompareCurveChart> chart) =>
        chart.FindComponent<Plotly.Blazor.PlotlyChart>().Instance.Data.Cast<Scatter>().ToArray();

    private static Plotly.Blazor.Layout Layout(IRenderedComponent<CompareCurveChart> chart) => chart.FindComponent<Plotly.Blazor.PlotlyChart>().Instance.Layout;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await context.DisposeAsync();
}
