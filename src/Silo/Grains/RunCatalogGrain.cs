using Orleans.Concurrency;
using UNet3D.Lab.Silo.Feeds;
using UNet3D.Lab.Silo.Runs;

namespace UNet3D.Lab.Silo.Grains;

/// <summary>
/// Answers from the primary silo's <see cref="RunIndex"/>, on the thread pool (LiteDB is synchronous I/O), and passes
/// the experiments' row changes on to the pages that follow the runs table. Queries interleave: they read no grain state.
/// </summary>
[PrimarySiloPlacement]
[Reentrant]
public sealed class RunCatalogGrain(RunIndex index, ILogger<RunCatalogGrain> logger) : Grain, IRunCatalogGrain
{
    private readonly ChangeFeed<RunChange> followers = new(logger);

    public Task<RunPage> Query(RunQuery query) => Task.Run(() => index.Query(query));

    public Task<string[]> Tags() => Task.Run(() => index.Tags().ToArray());

    public Task<double?> SecondsPerStep(string preset, ModelKind model) => Task.Run(() => index.SecondsPerStep(preset, model));

    public Task Follow(IChangeObserver<RunChange> observer)
    {
        followers.Follow(observer);
        return Task.CompletedTask;
    }

    public Task Unfollow(IChangeObserver<RunChange> observer)
    {
        followers.Unfollow(observer);
        return Task.CompletedTask;
    }

    public Task Changed(RunChange change)
    {
        followers.Tell(change);
        return Task.CompletedTask;
    }
}
