using UNet3D.Lab.Silo.Feeds;

namespace UNet3D.Lab.Web.Services;

/// <summary>
/// A page's follow of one grain: the grain tells it each change (<see cref="IChangeObserver{T}"/>) and the feed hands
/// the change to the page. It renews the follow at half its expiry, so a grain that was moved or reactivated (a silo
/// restart) picks the page up again within a minute, and ends it when the page goes away.
/// </summary>
public sealed class GrainFeed<T> : IChangeObserver<T>, IAsyncDisposable
{
    private static readonly TimeSpan RenewEvery = ChangeFeed<T>.Expiration / 2;

    private readonly IGrainFactory grains;
    private readonly Func<IChangeObserver<T>, Task> unfollow;
    private readonly Func<T, Task> changed;
    private readonly CancellationTokenSource stopping;
    private readonly IChangeObserver<T> reference;
    private Task renewing = Task.CompletedTask;
    private bool disposed;

    private GrainFeed(IGrainFactory grains, Func<IChangeObserver<T>, Task> unfollow, Func<T, Task> changed, CancellationToken labStopping)
    {
        this.grains = grains;
        this.unfollow = unfollow;
        this.changed = changed;
        stopping = CancellationTokenSource.CreateLinkedTokenSource(labStopping);
        reference = grains.CreateObjectReference<IChangeObserver<T>>(this);
    }

    /// <summary>Follows through <paramref name="follow"/> (called again to renew) and calls <paramref name="changed"/> with each change.</summary>
    public static async Task<GrainFeed<T>> Start(IGrainFactory grains, Func<IChangeObserver<T>, Task> follow, Func<IChangeObserver<T>, Task> unfollow,
        Func<T, Task> changed, CancellationToken labStopping)
    {
        var feed = new GrainFeed<T>(grains, unfollow, changed, labStopping);
        await follow(feed.reference);
        feed.renewing = feed.Renew(follow);
        return feed;
    }

    /// <summary>
    /// Follows a grain whose follow answers with what it holds now: that answer and the feed, or (null, null) when the
    /// grain holds nothing (no such experiment or ablation), and then nothing is followed.
    /// </summary>
    public static async Task<(TNow? Now, GrainFeed<T>? Feed)> Open<TNow>(IGrainFactory grains, Func<IChangeObserver<T>, Task<TNow?>> follow,
        Func<IChangeObserver<T>, Task> unfollow, Func<T, Task> changed, CancellationToken labStopping) where TNow : class
    {
        TNow? now = null;
        var feed = await Start(grains, async o => now = await follow(o), unfollow, changed, labStopping);
        if (now is not null) return (now, feed);
        await feed.DisposeAsync();
        return (null, null);
    }

    public async Task OnChanged(T change)
    {
        if (disposed) return;
        try
        {
            await changed(change);
        }
        catch (ObjectDisposedException)
        {
            // The page went away while the change was on its way.
        }
    }

    private async Task Renew(Func<IChangeObserver<T>, Task> follow)
    {
        using var timer = new PeriodicTimer(RenewEvery);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping.Token))
            {
                try
                {
                    await follow(reference);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The grain's silo may be restarting; the next tick tries again, within the follow's expiry.
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (disposed) return;
        disposed = true;
        await stopping.CancelAsync();
        await renewing;
        try
        {
            await unfollow(reference).WaitAsync(TimeSpan.FromSeconds(2));
        }
        catch (Exception e) when (e is TimeoutException or OrleansException or OperationCanceledException or ObjectDisposedException)
        {
            // The grain forgets a follower that stops renewing; the lab may be stopping.
        }
        grains.DeleteObjectReference<IChangeObserver<T>>(reference);
        stopping.Dispose();
    }
}
