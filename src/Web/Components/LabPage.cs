using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Hosting;
using UNet3D.Lab.Web.Security;

namespace UNet3D.Lab.Web.Components;

/// <summary>
/// What the lab's pages share: they follow live state once interactive (the prerender is thrown away), give the
/// link to share, and stop following when they go away or the lab stops.
/// </summary>
public abstract class LabPage : ComponentBase, IAsyncDisposable
{
    private PagePoller? poller;

    [Inject]
    public required IHostApplicationLifetime Lifetime { get; set; }

    [Inject]
    public required NavigationManager Navigation { get; set; }

    // Asked of the services rather than injected: component tests host pages without a configuration.
    [Inject]
    public required IServiceProvider Services { get; set; }

    /// <summary>How often <see cref="RefreshAsync"/> runs.</summary>
    protected virtual TimeSpan RefreshInterval => TimeSpan.FromSeconds(1);

    /// <summary>Re-reads what the page shows; returns false once nothing will change any more.</summary>
    protected virtual Task<bool> RefreshAsync() => Task.FromResult(false);

    /// <summary>
    /// The absolute link to <paramref name="path"/> of this lab, to send a colleague: under <c>Lab:PublicUrl</c> (the
    /// address colleagues reach, behind a proxy) when it is set, else under the address this page was opened at.
    /// </summary>
    protected string LinkTo(string path) =>
        Services.GetService<IConfiguration>()?[CrossSiteRequestGuard.PublicUrlKey] is { Length: > 0 } publicUrl
            ? $"{publicUrl.TrimEnd('/')}/{path.TrimStart('/')}"
            : Navigation.ToAbsoluteUri(path).ToString();

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender) poller = PagePoller.Start(RefreshInterval, Lifetime.ApplicationStopping, RefreshAsync);
    }

    public async ValueTask DisposeAsync()
    {
        if (poller is not null) await poller.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
