using System.Globalization;
using Microsoft.AspNetCore.Components;
using Plotly.Blazor;
using Plotly.Blazor.LayoutLib;
using Plotly.Blazor.Traces;
using PlotLayout = Plotly.Blazor.Layout;

namespace UNet3D.Lab.Web.Components;

/// <summary>IoU of each sample on its held-out voxels, as bars.</summary>
public partial class SampleIoUChart
{
    private readonly Config config = new() { Responsive = true, DisplayLogo = false };
    private PlotLayout layout = new();
    private IList<ITrace> data = [];

    [Parameter, EditorRequired]
    public IReadOnlyList<SampleResult> Samples { get; set; } = [];

    [Parameter]
    public string ClassNames { get; set; } = "tubule";

    [Parameter]
    public string ChartId { get; set; } = "sample-iou";

    protected override void OnParametersSet()
    {
        layout = new PlotLayout
        {
            Height = 300,
            Margin = new Margin { L = 60, R = 20, T = 30, B = 40 },
            YAxis = [new YAxis { Range = [0, 1], Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = $"IoU ({ClassNames})" } }],
        };
        data =
        [
            new Bar
            {
                X = Samples.Select(s => (object)s.Sample).ToList(),
                // A sample with no held-out voxel (a run on every labelled voxel) has no IoU: no bar, where NaN
                // would end the page's circuit (JSON has no NaN).
                Y = Samples.Select(s => double.IsNaN(s.IoU) ? null : (object)s.IoU).ToList(),
                TextArray = Samples.Select(s => double.IsNaN(s.IoU) ? "no held-out voxels" : s.IoU.ToString("F3", CultureInfo.InvariantCulture)).ToList(),
                TextPosition = Plotly.Blazor.Traces.BarLib.TextPositionEnum.Auto,
            },
        ];
    }
}
