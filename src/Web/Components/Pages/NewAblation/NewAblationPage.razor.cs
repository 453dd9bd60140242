using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Components;
using UNet3D.Lab.Experiments.Presets;

namespace UNet3D.Lab.Web.Components.Pages;

/// <summary>
/// Builds an ablation grid: a base (preset, iterations), the values of each axis to tick, and seeds. Before it starts it
/// shows how many runs the grid makes and how long they take here, and problems at the axis or field they name.
/// </summary>
public partial class NewAblationPage
{
    private readonly IReadOnlyList<AxisChoice> axes = AxisChoice.Offered();
    private string name = "";
    private string preset = ExperimentPresets.Smoke.Name;
    private int? iterations;
    private int seeds = 1;
    private GridCheck? plan;
    private (double Seconds, string Basis)? estimate;
    private IReadOnlyList<SpecProblem> problems = [];
    private bool submitting;
    private string? tooLong;
    private int planVersion;

    [Inject]
    public required AblationClient Ablations { get; set; }

    [Inject]
    public required NavigationManager Navigation { get; set; }

    [Inject]
    public required RunLengthLimit Limit { get; set; }

    protected override async Task OnInitializedAsync() => await Replan();

    private ExperimentPreset Preset => ExperimentPresets.All.FirstOrDefault(p => p.Name == preset) ?? ExperimentPresets.Smoke;

    private GridRequest Request()
    {
        var fields = new JsonObject { ["preset"] = preset };
        if (iterations is { } steps) fields["iterations"] = steps;
        var chosen = axes.Select(a => (a.Field, Values: a.Chosen())).Where(a => a.Values is not null).ToDictionary(a => a.Field, a => a.Values!);
        // Every run needs a model; without a model axis the grid trains the 3D network.
        if (!chosen.ContainsKey("model")) fields["model"] = "3d";
        return new GridRequest { Name = name.Trim(), Base = fields, Axes = chosen, Seeds = seeds };
    }

    private async Task Toggle(AxisChoice axis, string value, bool ticked)
    {
        if (ticked) axis.Ticked.Add(value);
        else axis.Ticked.Remove(value);
        await Replan();
    }

    private async Task Type(AxisChoice axis, string text)
    {
        axis.TypedText = text;
        await Replan();
    }

    private async Task SetPreset(string value)
    {
        preset = value;
        await Replan();
    }

    private async Task SetIterations(int? value)
    {
        iterations = value;
        await Replan();
    }

    private async Task SetSeeds(int value)
    {
        seeds = value;
        await Replan();
    }

    /// <summary>
    /// Asks the lab what the grid would run and how long it would take; starts nothing. Answers can arrive out of order
    /// when the researcher ticks quickly, so only the answer to the latest question is shown.
    /// </summary>
    private async Task Replan()
    {
        var version = ++planVersion;
        var request = Request();
        var checkedPlan = await Ablations.CheckGrid(request);
        (double Seconds, string Basis)? checkedEstimate = checkedPlan.Problems.Length == 0 ? await Ablations.Estimate(checkedPlan, request.Seeds) : null;
        if (version != planVersion) return;
        plan = checkedPlan;
        problems = checkedPlan.Problems;
        estimate = checkedEstimate;
    }

    /// <param name="force">Start even when it would train longer than Lab:MaxRunHours (the researcher said so).</param>
    private async Task Start(bool force = false)
    {
        submitting = true;
        tooLong = null;
        try
        {
            var request = Request();
            if (!force)
            {
                var check = await Ablations.CheckGrid(request);
                if (check.Problems.Length == 0 && await Limit.TooLong(check.Configurations, request.Seeds) is { } reason)
                {
                    tooLong = reason;
                    return;
                }
            }
            var (ablation, refusals) = await Ablations.StartGrid(request);
            problems = refusals;
            if (ablation is not null) Navigation.NavigateTo($"/ablations/{ablation.Id}");
        }
        finally
        {
            submitting = false;
        }
    }

    private static string RunsText(GridCheck plan) =>
        $" {(plan.Runs == 1 ? "run" : "runs")} in {plan.Cells} {(plan.Cells == 1 ? "group" : "groups")}";

    private string? ErrorOf(string field) => problems.Where(p => p.Field == field).Select(p => p.Message).FirstOrDefault();

    /// <summary>"about 12 minutes", "about 40 seconds", "about 3.5 hours".</summary>
    internal static string Duration(double seconds) => seconds switch
    {
        < 90 => string.Create(CultureInfo.InvariantCulture, $"about {seconds:0} seconds"),
        < 5400 => string.Create(CultureInfo.InvariantCulture, $"about {seconds / 60:0} minutes"),
        < 172_800 => string.Create(CultureInfo.InvariantCulture, $"about {seconds / 3600:0.#} hours"),
        _ => string.Create(CultureInfo.InvariantCulture, $"about {seconds / 86_400:0.#} days"),
    };
}
