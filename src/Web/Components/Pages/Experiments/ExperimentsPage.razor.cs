using Microsoft.AspNetCore.Components;
using UNet3D.Lab.Silo.Models;
using UNet3D.Lab.Web.Services;

namespace UNet3D.Lab.Web.Components.Pages;

/// <summary>All experiments with live status and progress.</summary>
public partial class ExperimentsPage : LabPage
{
    private IReadOnlyList<ExperimentSnapshot>? experiments;

    [Inject]
    public required LabClient Lab { get; set; }

    protected override async Task OnInitializedAsync() => experiments = await Lab.List();

    protected override async Task<bool> RefreshAsync()
    {
        experiments = await Lab.List();
        await InvokeAsync(StateHasChanged);
        return true;
    }
}
