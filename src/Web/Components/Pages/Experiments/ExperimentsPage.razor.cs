using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Hosting;
using UNet3D.Lab.Silo.Models;
using UNet3D.Lab.Web.Services;

namespace UNet3D.Lab.Web.Components.Pages;

/// <summary>All experiments with live status and progress.</summary>
public partial class ExperimentsPage
{
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(1);
    private PagePoller? poller;
    private IReadOnlyList<ExperimentSnapshot>? experiments;

    [Inject]
    public required LabClient Lab { get; set; }

    [Inject]
    public required IHostApplicationLifetime Lifetime { get; set; }

    protected override async Task OnInitializedAsync() => experiments = await Lab.List();

    protected override void OnAfterRender(bool firstRender)
    {
        // Only the interactive render polls; the prerender is thrown away.
        if (firstRender) poller = PagePoller.Start(RefreshInterval, Lifetime.ApplicationStopping, Refresh);
    }

    private async Task<bool> Refresh()
    {
        experiments = await Lab.List();
        await InvokeAsync(StateHasChanged);
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        if (poller is not null) await poller.DisposeAsync();
    }
}
