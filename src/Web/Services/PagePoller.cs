namespace UNet3D.Lab.Web.Services;

/// <summary>
/// Calls a page's refresh at a fixed interval until the refresh says it is done, the page is disposed, or the lab
/// stops: a disconnected circuit lives on for minutes, and its polling must not keep the silo busy while the lab
/// shuts down.
/// </summary>
public sealed class PagePoller : IAsyncDisposable
{
    private readonly CancellationTokenSource stop;
    private readonly Task loop;

    private PagePoller(TimeSpan interval, CancellationToken labStopping, Func<Task<bool>> refresh)
    {
        stop = CancellationTokenSource.CreateLinkedTokenSource(labStopping);
        loop = Run(interval, refresh, stop.Token);
    }

    /// <param name="refresh">Returns false when there is nothing more to follow.</param>
    public static PagePoller Start(TimeSpan interval, CancellationToken labStopping, Func<Task<bool>> refresh) =>
        new(interval, labStopping, refresh);

    private static async Task Run(TimeSpan interval, Func<Task<bool>> refresh, CancellationToken cancellation)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellation))
                if (!await refresh()) return;
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await loop;
        stop.Dispose();
    }
}
