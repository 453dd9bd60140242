using Microsoft.AspNetCore.Components;
using UNet3D.Lab.Silo.Runs;

namespace UNet3D.Lab.Web.Components.Pages;

/// <summary>The newest experiments with live status and progress, from the run index.</summary>
public partial class ExperimentsPage : LabPage
{
    private static readonly RunQuery Newest = RunQuery.Default with { Limit = RunQuery.MaxLimit };

    private RunPage? experiments;

    [Inject]
    public required ExperimentClient Experiments { get; set; }

    protected override async Task OnInitializedAsync() => experiments = await Experiments.List(Newest);

    protected override async Task<bool> RefreshAsync()
    {
        experiments = await Experiments.List(Newest);
        await InvokeAsync(StateHasChanged);
        return true;
    }
}
