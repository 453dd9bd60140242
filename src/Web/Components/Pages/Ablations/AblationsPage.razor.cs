using Microsoft.AspNetCore.Components;
using UNet3D.Lab.Silo.Ablations;

namespace UNet3D.Lab.Web.Components.Pages;

/// <summary>Every ablation, grids and the paper's tables, newest first, with live progress.</summary>
public partial class AblationsPage : LabPage
{
    private IReadOnlyList<AblationSnapshot>? ablations;

    [Inject]
    public required AblationClient Ablations { get; set; }

    protected override async Task OnInitializedAsync() => ablations = await Ablations.List();

    protected override async Task<bool> RefreshAsync()
    {
        ablations = await Ablations.List();
        await InvokeAsync(StateHasChanged);
        return true;
    }

    private static string PageOf(AblationSnapshot a) => a.Table is null ? $"/ablations/{a.Id}" : $"/tables/{a.Id}";
}
