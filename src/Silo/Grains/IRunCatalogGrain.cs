using Orleans.Concurrency;
using UNet3D.Lab.Silo.Feeds;
using UNet3D.Lab.Silo.Runs;

namespace UNet3D.Lab.Silo.Grains;

/// <summary>
/// The runs table for clients (the web app, which may run apart from the silos): queries the run index on the
/// primary silo, which owns the lab's LiteDB file. One per lab: key <see cref="Key"/>.
/// </summary>
public interface IRunCatalogGrain : IGrainWithStringKey
{
    public const string Key = "lab";

    /// <summary>The page of runs the query asks for and how many match; an invalid query throws <see cref="ArgumentException"/>.</summary>
    Task<RunPage> Query(RunQuery query);

    /// <summary>Every tag in use, once each whatever its case, alphabetically: what the runs table filters by.</summary>
    Task<string[]> Tags();

    /// <summary>
    /// Seconds a step took here, start to finish of a run over its steps (evaluation included): the median over the
    /// last completed runs of this preset and model; null when none completed yet.
    /// </summary>
    Task<double?> SecondsPerStep(string preset, ModelKind model);

    /// <summary>Tells <paramref name="observer"/> each run whose row changes, until it unfollows or stops renewing.</summary>
    Task Follow(IChangeObserver<RunChange> observer);

    Task Unfollow(IChangeObserver<RunChange> observer);

    /// <summary>An experiment grain says its row was written or removed; the catalog tells its followers.</summary>
    [OneWay]
    Task Changed(RunChange change);
}
