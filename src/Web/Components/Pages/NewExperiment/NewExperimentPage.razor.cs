using Microsoft.AspNetCore.Components;
using UNet3D.Lab.Experiments.Presets;
using UNet3D.Lab.Silo.Datasets;
using UNet3D.Lab.Web.Api;
using UNet3D.Lab.Web.Services;

namespace UNet3D.Lab.Web.Components.Pages;

/// <summary>
/// Configures one experiment, field by field of the engine's <see cref="ExperimentSpec"/> (the same fields the API
/// takes), and on start opens its page. Problems are shown at the field they name.
/// </summary>
public partial class NewExperimentPage
{
    private ExperimentSpec spec = new() { Model = ModelKind.ThreeD };
    private bool submitting;
    private IReadOnlyList<SpecProblem> problems = [];
    private IReadOnlyList<DatasetInfo> datasets = [];
    private string? tooLong;

    [Inject]
    public required ExperimentClient Experiments { get; set; }

    [Inject]
    public required NavigationManager Navigation { get; set; }

    [Inject]
    public required DatasetClient Datasets { get; set; }

    [Inject]
    public required RunLengthLimit Limit { get; set; }

    protected override async Task OnInitializedAsync() => datasets = await Datasets.List();

    private ExperimentPreset Preset => ExperimentPresets.All.FirstOrDefault(p => p.Name == spec.Preset) ?? ExperimentPresets.Smoke;

    private string NamesOf(IReadOnlyList<string> ids) =>
        string.Join(", ", ids.Select(id => datasets.FirstOrDefault(d => d.Id == id)?.Name ?? id));

    private string? ErrorOf(string field) => problems.Where(p => p.Field == field).Select(p => p.Message).FirstOrDefault();

    private bool HasError(string field) => ErrorOf(field) is not null;

    private int SlicesAlong(int axis) => spec.AnnotatedSlices.Count > axis ? spec.AnnotatedSlices[axis] : 0;

    private void SetSlices(int axis, int count)
    {
        var counts = Enumerable.Range(0, 3).Select(SlicesAlong).ToArray();
        counts[axis] = count;
        spec = spec with { AnnotatedSlices = counts };
    }

    /// <summary>The classes of the chosen datasets; the paper's for the phantom or while they disagree (the check names that).</summary>
    private LabelSet SpecClasses => Api.RunClasses.Shared(spec, id => datasets.FirstOrDefault(d => d.Id == id)).Classes ?? LabelSet.Paper;

    private IReadOnlyCollection<string> TrainingDatasets
    {
        get => spec.Datasets?.Select(d => d.Id).ToArray() ?? [];
        // None chosen: the preset's own phantom.
        set => spec = spec with { Datasets = value.Count > 0 ? value.Select(id => new DatasetSelection(id)).ToArray() : null };
    }

    private IReadOnlyCollection<string> TestDatasets
    {
        get => spec.TestDatasets?.Select(d => d.Id).ToArray() ?? [];
        set => spec = spec with { TestDatasets = value.Count > 0 ? value.Select(id => new DatasetSelection(id)).ToArray() : null };
    }

    /// <summary>"default", "on" or "off" for the three states of <see cref="ExperimentSpec.Augment"/>.</summary>
    private string Augmentation
    {
        get => spec.Augment switch { true => "on", false => "off", null => "default" };
        set => spec = spec with { Augment = value switch { "on" => true, "off" => false, _ => null } };
    }

    /// <param name="force">Start even when it would train longer than Lab:MaxRunHours (the researcher said so).</param>
    private async Task Start(bool force = false)
    {
        problems = [.. spec.Problems(), .. await ExperimentDatasetProblems.Of(spec, Datasets)];
        tooLong = null;
        if (problems.Count > 0) return;
        submitting = true;
        try
        {
            if (!force && await Limit.TooLong([spec]) is { } reason)
            {
                tooLong = reason;
                return;
            }
            var snapshot = await Experiments.Create(spec);
            Navigation.NavigateTo($"/experiments/{snapshot.Id}");
        }
        finally
        {
            submitting = false;
        }
    }
}
