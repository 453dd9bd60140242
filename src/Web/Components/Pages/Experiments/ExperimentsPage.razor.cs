using Microsoft.AspNetCore.Components;

namespace UNet3D.Lab.Web.Components.Pages;

/// <summary>All experiments with live status and progress.</summary>
public partial class ExperimentsPage : LabPage
{
    private IReadOnlyList<ExperimentSnapshot>? experiments;

    [Inject]
    public required ExperimentClient Experiments { get; set; }

    protected override async Task OnInitializedAsync() => experiments = await Experiments.List();

    protected override async Task<bool> RefreshAsync()
    {
        experiments = await Experiments.List();
        await InvokeAsync(StateHasChanged);
        return true;
    }
}
