using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Hosting;
using MudBlazor;
using UNet3D.Lab.Experiments.Data;
using UNet3D.Lab.Silo.Models;
using UNet3D.Lab.Web.Services;

namespace UNet3D.Lab.Web.Components.Pages;

/// <summary>One experiment at its shareable URL: live curve while it trains, per-sample IoU when it is done.</summary>
public partial class ExperimentPage
{
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromMilliseconds(500);
    private PagePoller? poller;
    private ExperimentSnapshot? experiment;
    private bool loading = true;

    [Parameter]
    public required string Id { get; set; }

    [Inject]
    public required LabClient Lab { get; set; }

    [Inject]
    public required IHostApplicationLifetime Lifetime { get; set; }

    [Inject]
    public required NavigationManager Navigation { get; set; }

    private string ShareUrl => Navigation.ToAbsoluteUri($"/experiments/{Id}").ToString();

    protected override async Task OnParametersSetAsync()
    {
        experiment = await Lab.Get(Id);
        loading = false;
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender) poller = PagePoller.Start(RefreshInterval, Lifetime.ApplicationStopping, Follow);
    }

    /// <summary>Picks up new curve points and status until the experiment has finished.</summary>
    private async Task<bool> Follow()
    {
        if (experiment is { IsFinished: true }) return false;
        var latest = await Lab.Get(Id);
        if (latest != experiment)
        {
            experiment = latest;
            await InvokeAsync(StateHasChanged);
        }
        return experiment is not { IsFinished: true };
    }

    private async Task Cancel()
    {
        experiment = await Lab.Cancel(Id);
    }

    private static string SlicesOf(DatasetSelection choice) =>
        choice.AnnotatedSlices is { } counts ? $" ({string.Join(", ", counts)} slices)" : "";

    private static string Format(double value) => double.IsNaN(value) ? "–" : value.ToString("F3");

    public async ValueTask DisposeAsync()
    {
        if (poller is not null) await poller.DisposeAsync();
    }
}
