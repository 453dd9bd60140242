using Microsoft.AspNetCore.Components;
using UNet3D.Lab.Experiments.Presets;
using UNet3D.Lab.Experiments.Training;

namespace UNet3D.Lab.Web.Components;

/// <summary>
/// The training fields of an <see cref="ExperimentSpec"/> that most runs leave to the preset: optimiser, learning
/// rate, schedule, gradient clipping, the convolutions' precision, how often the held-out IoU is measured, class weights, the classes of the
/// headline IoU and BatchNorm at inference.
/// Empty means the preset's default, which each field names.
/// </summary>
public partial class AdvancedTrainingFields
{
    [Parameter, EditorRequired]
    public required ExperimentSpec Spec { get; set; }

    [Parameter]
    public EventCallback<ExperimentSpec> SpecChanged { get; set; }

    [Parameter, EditorRequired]
    public required ExperimentPreset Preset { get; set; }

    [Parameter]
    public IReadOnlyList<SpecProblem> Problems { get; set; } = [];

    /// <summary>The classes of the chosen datasets (the phantom's: the paper's three), one weight each.</summary>
    [Parameter]
    public LabelSet Classes { get; set; } = LabelSet.Paper;

    private IReadOnlyList<int> Labels => Enumerable.Range(0, Classes.Count).ToArray();

    private string? ErrorOf(string field) => Problems.Where(p => p.Field == field).Select(p => p.Message).FirstOrDefault();

    private bool HasError(string field) => ErrorOf(field) is not null;

    private Task Change(ExperimentSpec changed) => SpecChanged.InvokeAsync(changed);

    /// <summary>"default" or the optimiser's JSON name.</summary>
    private string OptimizerChoice => Spec.Optimizer is { } kind ? LabJson.NameOf(kind) : "default";

    private Task SetOptimizer(string choice) => Change(Spec with { Optimizer = LabJson.ParseName<OptimizerKind>(choice) });

    /// <summary>"default" or the schedule's JSON name.</summary>
    private string ScheduleChoice => Spec.Schedule is { } schedule ? LabJson.NameOf(schedule) : "default";

    private Task SetSchedule(string choice) => Change(Spec with { Schedule = LabJson.ParseName<LearningRateSchedule>(choice) });

    /// <summary>The precision's JSON name.</summary>
    private string PrecisionChoice => LabJson.NameOf(Spec.Precision);

    private Task SetPrecision(string choice) => Change(Spec with { Precision = LabJson.ParseName<Precision>(choice) ?? Precision.Fp32 });

    private Task SetOwnClassWeights(bool own) =>
        Change(Spec with { ClassWeights = own ? Enumerable.Repeat(1f, Classes.Count).ToArray() : null });

    private float ClassWeight(int label) => Spec.ClassWeights is { } weights && label < weights.Count ? weights[label] : 1f;

    private Task SetClassWeight(int label, float weight)
    {
        var weights = Labels.Select(ClassWeight).ToArray();
        weights[label] = weight;
        return Change(Spec with { ClassWeights = weights });
    }

    private IReadOnlyCollection<int> IouClasses => Spec.EffectiveIouClasses.ToArray();

    private Task SetIouClasses(IEnumerable<int> classes) => Change(Spec with { IouClasses = classes.Order().ToArray() });

    private static string OptimizerLabel(OptimizerKind kind) => kind == OptimizerKind.Adam ? "Adam" : "SGD, momentum 0.99";
}
