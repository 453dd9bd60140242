using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using UNet3D.Lab.Experiments.Data.Formats;
using UNet3D.Lab.Silo.Datasets;
using UNet3D.Lab.Silo.Runs;

namespace UNet3D.Lab.Web.Components;

/// <summary>
/// On a completed run's page: links to the label map and class probabilities of each measured dataset, and "Segment a
/// volume" for a dataset of the lab or an uploaded file, whose downloads join the list. The inference runs through
/// <see cref="RunOutputClient"/> (a worker thread, one at a time), so the circuit stays responsive.
/// </summary>
public partial class SegmentVolume
{
    private readonly List<(string Key, string Label)> made = [];
    private IReadOnlyList<DatasetInfo> datasets = [];
    private string? chosenDataset;
    private bool busy;
    private string? problem;

    [Parameter, EditorRequired]
    public required string ExperimentId { get; set; }

    /// <summary>The datasets the run was measured on (<see cref="Api.MeasuredDatasets"/>).</summary>
    [Parameter, EditorRequired]
    public required IReadOnlyList<string> Measured { get; set; }

    [Inject]
    public required DatasetClient Datasets { get; set; }

    [Inject]
    public required RunOutputClient Outputs { get; set; }

    private static string VolumeFormatsText => VolumeFormats.Extensions;

    private IEnumerable<(string Key, string Label)> Rows =>
        Measured.Select(id => (id, id)).Concat(made).DistinctBy(row => row.Item1);

    protected override async Task OnInitializedAsync() => datasets = [.. (await Datasets.List()).Where(d => d.IsReady || d.BuiltIn)];

    private string PredictionUrl(string key, bool probabilities) =>
        $"/api/experiments/{Uri.EscapeDataString(ExperimentId)}/{(probabilities ? "probabilities" : "predictions")}/{Uri.EscapeDataString(key)}.nii.gz";

    private Task SegmentDataset() => Segment(async () =>
    {
        var id = chosenDataset!;
        await Outputs.PredictDataset(ExperimentId, id, CancellationToken.None);
        return (id, datasets.FirstOrDefault(d => d.Id == id)?.Name ?? id);
    });

    private Task SegmentUpload(InputFileChangeEventArgs change) => Segment(async () =>
    {
        var file = change.File;
        var name = DatasetFileNames.Check("volume", file.Name);
        var folder = Directory.CreateTempSubdirectory("unet3d-lab-segment-");
        try
        {
            var path = Path.Combine(folder.FullName, name);
            await using (var target = File.Create(path))
            await using (var source = file.OpenReadStream(Datasets.MaxUploadBytes))
                await source.CopyToAsync(target);
            return (await Outputs.PredictUpload(ExperimentId, path, name, CancellationToken.None), name);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    });

    private async Task Segment(Func<Task<(string Key, string Label)>> work)
    {
        busy = true;
        problem = null;
        try
        {
            made.Add(await work());
        }
        catch (Exception e) when (e is RunOutputException or DatasetImportException or IOException)
        {
            problem = e.Message;
        }
        finally
        {
            busy = false;
        }
    }
}
