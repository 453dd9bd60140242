using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Hosting;
using Microsoft.JSInterop;
using MudBlazor;
using UNet3D.Lab.Silo.Models;
using UNet3D.Lab.Web.Services;

namespace UNet3D.Lab.Web.Components.Pages;

/// <summary>One experiment at its shareable URL: live curve while it trains, per-sample IoU when it is done.</summary>
public partial class ExperimentPage
{
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromMilliseconds(500);
    private CancellationTokenSource? stop;
    private ExperimentSnapshot? experiment;
    private bool loading = true;

    [Parameter]
    public required string Id { get; set; }

    [Inject]
    public required LabClient Lab { get; set; }

    // A disconnected circuit lives on for minutes; its polling must not keep the silo busy while the lab stops.
    [Inject]
    public required IHostApplicationLifetime Lifetime { get; set; }

    [Inject]
    public required NavigationManager Navigation { get; set; }

    [Inject]
    public required IJSRuntime JS { get; set; }

    [Inject]
    public required ISnackbar Snackbar { get; set; }

    private string ShareUrl => Navigation.ToAbsoluteUri($"/experiments/{Id}").ToString();

    protected override async Task OnParametersSetAsync()
    {
        experiment = await Lab.Get(Id);
        loading = false;
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (!firstRender) return;
        stop = CancellationTokenSource.CreateLinkedTokenSource(Lifetime.ApplicationStopping);
        _ = Follow();
    }

    private async Task Follow()
    {
        using var timer = new PeriodicTimer(RefreshInterval);
        try
        {
            while (experiment is not { IsFinished: true } && await timer.WaitForNextTickAsync(stop!.Token))
            {
                var latest = await Lab.Get(Id);
                if (latest == experiment) continue;
                experiment = latest;
                await InvokeAsync(StateHasChanged);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task Cancel()
    {
        experiment = await Lab.Cancel(Id);
    }

    private async Task CopyLink()
    {
        await JS.InvokeVoidAsync("navigator.clipboard.writeText", ShareUrl);
        Snackbar.Add("Link copied", Severity.Success);
    }

    private static string Format(double value) => double.IsNaN(value) ? "–" : value.ToString("F3");

    public async ValueTask DisposeAsync()
    {
        if (stop is null) return;
        await stop.CancelAsync();
        stop.Dispose();
    }
}
