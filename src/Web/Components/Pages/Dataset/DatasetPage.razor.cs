using Microsoft.AspNetCore.Components;
using UNet3D.Lab.Silo.Datasets;

namespace UNet3D.Lab.Web.Components.Pages;

/// <summary>One dataset at its shareable URL: larger middle slices with the labels over them, and its statistics.</summary>
public partial class DatasetPage : LabPage
{
    private DatasetInfo? dataset;
    private bool loading = true;
    private bool showLabels = true;
    private bool generating;

    [Parameter]
    public required string Id { get; set; }

    [Inject]
    public required DatasetClient Datasets { get; set; }

    private string ShareUrl => LinkTo($"/datasets/{Id}");

    protected override async Task OnParametersSetAsync()
    {
        // The viewer keeps its view in the query string: a new query is the same dataset, not a reason to read it again.
        if (dataset?.Id == Id) return;
        dataset = await Datasets.Find(Id);
        loading = false;
    }

    private async Task Generate()
    {
        generating = true;
        try
        {
            dataset = await Datasets.Materialise(Id) ?? dataset;
        }
        finally
        {
            generating = false;
        }
    }

    /// <summary>A histogram row's class: the last row counts the voxels nobody annotated (<see cref="DatasetContent.LabelHistogram"/>).</summary>
    private static string HistogramLabelName(DatasetInfo d, int label) =>
        label == d.LabelHistogram.Length - 1 ? $"{d.LabelSet.Unlabeled} (unlabeled)" : $"{label} ({d.LabelSet.Name(label)})";

    private static string LabelLegend(DatasetInfo d) =>
        string.Join(" · ", d.LabelSet.Names.Select((name, label) => $"{UNet3D.Lab.Silo.Datasets.DatasetThumbnails.ColourName(label)}: {name} ({label})"));
}
