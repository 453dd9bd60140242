using Microsoft.AspNetCore.Components;
using UNet3D.Lab.Experiments.Data;
using UNet3D.Lab.Experiments.Presets;
using UNet3D.Lab.Experiments.Runs;
using UNet3D.Lab.Silo.Datasets;
using UNet3D.Lab.Web.Api;
using UNet3D.Lab.Web.Services;

namespace UNet3D.Lab.Web.Components.Pages;

/// <summary>Configures one experiment; on start, opens its page.</summary>
public partial class NewExperimentPage
{
    private string name = "3D with BN, 2+2+2 slices";
    private ModelKind model = ModelKind.ThreeD;
    private bool batchNorm = true;
    private int slicesX = 2, slicesY = 2, slicesZ = 2;
    private string preset = ExperimentPresets.Smoke.Name;
    private int? iterations;
    private int seed = 1;
    private string augmentation = "default";
    private bool submitting;
    private IReadOnlyList<SpecProblem> problems = [];
    private IReadOnlyList<DatasetInfo> datasets = [];
    private IReadOnlyCollection<string> trainingDatasets = [];
    private IReadOnlyCollection<string> testDatasets = [];

    [Inject]
    public required LabClient Lab { get; set; }

    [Inject]
    public required NavigationManager Navigation { get; set; }

    [Inject]
    public required DatasetClient Datasets { get; set; }

    protected override async Task OnInitializedAsync() => datasets = await Datasets.List();

    private string NamesOf(IReadOnlyList<string> ids) =>
        string.Join(", ", ids.Select(id => datasets.FirstOrDefault(d => d.Id == id)?.Name ?? id));

    private ExperimentPreset SelectedPreset => ExperimentPresets.All.FirstOrDefault(p => p.Name == preset) ?? ExperimentPresets.Smoke;

    private int PresetDefaultIterations => SelectedPreset.DefaultIterations;

    private string AugmentDefaultLabel =>
        $"preset default ({(SelectedPreset.AugmentByDefault ? "on" : "off")})";

    private string? ErrorOf(string field) =>
        problems.Where(p => p.Field == field).Select(p => p.Message).FirstOrDefault();

    private bool HasError(string field) => ErrorOf(field) is not null;

    private ExperimentSpec Config => new()
    {
        Name = name,
        Model = model,
        BatchNorm = batchNorm,
        AnnotatedSlices = [slicesX, slicesY, slicesZ],
        Preset = preset,
        Iterations = iterations,
        Seed = seed,
        Augment = augmentation switch { "on" => true, "off" => false, _ => null },
        // None chosen: the preset's own phantom, as before datasets existed.
        Datasets = trainingDatasets.Count > 0 ? trainingDatasets.Select(id => new DatasetSelection(id)).ToArray() : null,
        TestDatasets = testDatasets.Count > 0 ? testDatasets.Select(id => new DatasetSelection(id)).ToArray() : null,
    };

    private async Task Start()
    {
        var config = Config;
        problems = [.. config.Problems(), .. await ExperimentDatasetProblems.Of(config, Datasets)];
        if (problems.Count > 0) return;
        submitting = true;
        try
        {
            var snapshot = await Lab.Create(config);
            Navigation.NavigateTo($"/experiments/{snapshot.Id}");
        }
        finally
        {
            submitting = false;
        }
    }
}
