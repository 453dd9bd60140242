using Microsoft.AspNetCore.Components;
using UNet3D.Lab.Silo.Models;
using UNet3D.Lab.Web.Services;

namespace UNet3D.Lab.Web.Components.Pages;

/// <summary>All experiments with live status and progress.</summary>
public partial class ExperimentsPage
{
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(1);
    private readonly CancellationTokenSource stop = new();
    private IReadOnlyList<ExperimentSnapshot>? experiments;

    [Inject]
    public required LabClient Lab { get; set; }

    protected override async Task OnInitializedAsync() => experiments = await Lab.List();

    protected override void OnAfterRender(bool firstRender)
    {
        // Only the interactive render polls; the prerender is thrown away.
        if (firstRender) _ = Refresh();
    }

    private async Task Refresh()
    {
        using var timer = new PeriodicTimer(RefreshInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stop.Token))
            {
                experiments = await Lab.List();
                await InvokeAsync(StateHasChanged);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        stop.Dispose();
    }
}
