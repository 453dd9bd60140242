using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace UNet3D.Lab.Web.Components.Pages;

/// <summary>One experiment at its shareable URL: live curve while it trains, per-sample IoU when it is done.</summary>
public partial class ExperimentPage : LabPage
{
    private ExperimentSnapshot? experiment;
    private bool loading = true;

    [Parameter]
    public required string Id { get; set; }

    [Inject]
    public required ExperimentClient Experiments { get; set; }

    protected override TimeSpan RefreshInterval => TimeSpan.FromMilliseconds(500);

    private string ShareUrl => LinkTo($"/experiments/{Id}");

    /// <summary>The experiment's settings as they take effect, the preset's defaults filled in.</summary>
    private ExperimentSpec Training => experiment!.Config.Resolved();

    protected override async Task OnParametersSetAsync()
    {
        experiment = await Experiments.Get(Id);
        loading = false;
    }

    /// <summary>Picks up new curve points and status until the experiment has finished.</summary>
    protected override async Task<bool> RefreshAsync()
    {
        if (experiment is { IsFinished: true }) return false;
        var latest = await Experiments.Get(Id);
        if (latest != experiment)
        {
            experiment = latest;
            await InvokeAsync(StateHasChanged);
        }
        return experiment is not { IsFinished: true };
    }

    private async Task Cancel()
    {
        experiment = await Experiments.Cancel(Id);
    }

    private static string SlicesOf(DatasetSelection choice) =>
        choice.AnnotatedSlices is { } counts ? $" ({string.Join(", ", counts)} slices)" : "";

    private static string Format(double value) => double.IsNaN(value) ? "–" : value.ToString("F3");
}
