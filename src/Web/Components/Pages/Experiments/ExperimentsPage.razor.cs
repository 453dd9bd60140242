using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Hosting;
using UNet3D.Lab.Silo.Models;
using UNet3D.Lab.Web.Services;

namespace UNet3D.Lab.Web.Components.Pages;

/// <summary>All experiments with live status and progress.</summary>
public partial class ExperimentsPage
{
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(1);
    private CancellationTokenSource? stop;
    private IReadOnlyList<ExperimentSnapshot>? experiments;

    [Inject]
    public required LabClient Lab { get; set; }

    // A disconnected circuit lives on for minutes; its polling must not keep the silo busy while the lab stops.
    [Inject]
    public required IHostApplicationLifetime Lifetime { get; set; }

    protected override async Task OnInitializedAsync() => experiments = await Lab.List();

    protected override void OnAfterRender(bool firstRender)
    {
        // Only the interactive render polls; the prerender is thrown away.
        if (!firstRender) return;
        stop = CancellationTokenSource.CreateLinkedTokenSource(Lifetime.ApplicationStopping);
        _ = Refresh();
    }

    private async Task Refresh()
    {
        using var timer = new PeriodicTimer(RefreshInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stop!.Token))
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
        if (stop is null) return;
        await stop.CancelAsync();
        stop.Dispose();
    }
}
