using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Hosting;
using UNet3D.Lab.Web.Access;

namespace UNet3D.Lab.Web.Components;

/// <summary>
/// What the lab's pages share: once interactive (the prerender is thrown away) they follow live state, pushed by the
/// grains they show (<see cref="FollowAsync"/>) or, where nothing pushes, re-read (<see cref="RefreshAsync"/>); they
/// give the link to share, and stop following when they go away or the lab stops.
/// </summary>
public abstract class LabPage : ComponentBase, IAsyncDisposable
{
    private readonly List<IAsyncDisposable> feeds = [];
    private PagePoller? poller;
    private bool interactive;

    [Inject]
    public required IHostApplicationLifetime Lifetime { get; set; }

    [Inject]
    public required NavigationManager Navigation { get; set; }

    // Asked of the services rather than injected: component tests host pages without a configuration.
    [Inject]
    public required IServiceProvider Services { get; set; }

    /// <summary>Who is looking (cascaded by the router); actions that change the lab check it again on the server.</summary>
    [CascadingParameter]
    public Task<AuthenticationState>? Authentication { get; set; }

    /// <summary>Whether to show the controls that change the lab (editors and admins).</summary>
    protected bool CanEdit => LabClaims.CanNow(Authentication, LabRoles.Editor);

    /// <summary>How often <see cref="RefreshAsync"/> runs.</summary>
    protected virtual TimeSpan RefreshInterval => TimeSpan.FromSeconds(1);

    /// <summary>Ends when the lab stops: what a feed or a poll waits on.</summary>
    protected CancellationToken LabStopping => Lifetime.ApplicationStopping;

    /// <summary>Re-reads what the page shows; returns false once nothing will change any more.</summary>
    protected virtual Task<bool> RefreshAsync() => Task.FromResult(false);

    /// <summary>Starts the feeds the page follows (hand each to <see cref="Keep{T}"/>), once the page is interactive.</summary>
    protected virtual Task FollowAsync() => Task.CompletedTask;

    /// <summary>
    /// Ends the page's feeds and starts them again: for a page whose parameters now name another grain (a link from one
    /// experiment to another keeps the component). Before the page is interactive there is nothing to follow yet.
    /// </summary>
    protected async Task RefollowAsync()
    {
        if (!interactive) return;
        await EndFeeds();
        await FollowAsync();
    }

    /// <summary>
    /// Follows a grain whose changes are the thing itself (an ablation): shows what it holds now, then each change,
    /// rendering after each; nothing when the grain holds nothing.
    /// </summary>
    protected async Task FollowGrain<T>(Func<Func<T, Task>, CancellationToken, Task<(T? Now, GrainFeed<T>? Feed)>> follow, Action<T?> show)
        where T : class
    {
        var (now, feed) = await follow(change => InvokeAsync(() => ShowAndRender(show, change)), LabStopping);
        if (feed is null) return;
        Keep(feed);
        await InvokeAsync(() => ShowAndRender(show, now));
    }

    private void ShowAndRender<T>(Action<T?> show, T? value)
    {
        show(value);
        StateHasChanged();
    }

    /// <summary>A feed that ends with the page.</summary>
    protected T Keep<T>(T feed) where T : IAsyncDisposable
    {
        feeds.Add(feed);
        return feed;
    }

    /// <summary>
    /// The absolute link to <paramref name="path"/> of this lab, to send a colleague: under <c>Lab:PublicUrl</c> (the
    /// address colleagues reach, behind a proxy) when it is set, else under the address this page was opened at.
    /// </summary>
    protected string LinkTo(string path) => LabLinks.To(Services.GetService<IConfiguration>(), Navigation, path);

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender) return;
        interactive = true;
        await FollowAsync();
        poller = PagePoller.Start(RefreshInterval, Lifetime.ApplicationStopping, RefreshAsync);
    }

    public async ValueTask DisposeAsync()
    {
        if (poller is not null) await poller.DisposeAsync();
        await EndFeeds();
        GC.SuppressFinalize(this);
    }

    private async Task EndFeeds()
    {
        var ending = feeds.ToArray();
        feeds.Clear();
        foreach (var feed in ending) await feed.DisposeAsync();
    }
}
