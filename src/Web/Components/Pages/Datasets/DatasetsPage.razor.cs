using System.Globalization;
using Microsoft.AspNetCore.Components;
using UNet3D.Lab.Experiments.Data.Formats;
using UNet3D.Lab.Silo.Datasets;

namespace UNet3D.Lab.Web.Components.Pages;

/// <summary>
/// Every dataset with its middle slices, shape, channels, spacing and labels, and the import form. While the built-in
/// samples are being generated at start, the list follows them.
/// </summary>
public partial class DatasetsPage : LabPage
{
    private IReadOnlyList<DatasetInfo>? datasets;
    private DatasetInfo? imported;

    [Inject]
    public required DatasetClient Datasets { get; set; }

    protected override async Task OnInitializedAsync() => datasets = await Datasets.List();

    /// <summary>Follows the start's generation of the built-in samples; stops once they are all stored.</summary>
    protected override async Task<bool> RefreshAsync()
    {
        var latest = await Datasets.List();
        var changed = datasets is null || !latest.Select(d => (d.Id, d.IsReady)).SequenceEqual(datasets.Select(d => (d.Id, d.IsReady)));
        datasets = latest;
        if (changed) await InvokeAsync(StateHasChanged);
        return latest.Any(d => !d.IsReady && BuiltInPhantoms.StartupIds.Contains(d.Id));
    }

    private async Task Imported(DatasetInfo info)
    {
        imported = info;
        datasets = await Datasets.List();
    }

    /// <summary>"1.76 × 1.76 × 2.04 µm"; "0.5 × 0.75 × 2 (unit unknown)" for a file that named no unit.</summary>
    internal static string Spacing(DatasetInfo d) =>
        SpatialUnits.Describe((d.SpacingX, d.SpacingY, d.SpacingZ), d.SpacingUnit, format: "0.###");

    internal static string LabelText(DatasetInfo d) => d.LabelKind switch
    {
        DatasetLabelKind.None => "none",
        DatasetLabelKind.Dense => "dense",
        _ => d.IsReady ? string.Create(CultureInfo.InvariantCulture, $"sparse ({100.0 * d.LabeledVoxels / d.Voxels:0.0}% labelled)") : "sparse",
    };

    internal static string PendingText(DatasetInfo d) =>
        BuiltInPhantoms.StartupIds.Contains(d.Id) ? "being generated" : "generated on first use";
}
