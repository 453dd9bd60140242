using UNet3D.Lab.Silo.Feeds;
using UNet3D.Lab.Silo.Grains;
using UNet3D.Lab.Silo.Runs;
using UNet3D.Lab.Silo.Series;

namespace UNet3D.Lab.Web.Services;

/// <summary>What the pages and the HTTP API do with experiments, in one place: a thin layer over the grains.</summary>
public sealed class ExperimentClient(IGrainFactory grains)
{
    public async Task<ExperimentSnapshot> Create(ExperimentSpec config)
    {
        var id = ExperimentIds.New();
        return await grains.GetGrain<IExperimentGrain>(id).Submit(config);
    }

    public async Task<ExperimentSnapshot?> Get(string id) =>
        ExperimentIds.IsValid(id) ? await grains.GetGrain<IExperimentGrain>(id).Get() : null;

    public async Task<ExperimentSnapshot?> Cancel(string id) =>
        ExperimentIds.IsValid(id) ? await grains.GetGrain<IExperimentGrain>(id).Cancel() : null;

    /// <summary>A page of the runs table, from the run index (no experiment is activated).</summary>
    public Task<RunPage> List(RunQuery query) => grains.GetGrain<IRunCatalogGrain>(IRunCatalogGrain.Key).Query(query);

    /// <summary>Every tag in use on some run, alphabetically, each once whatever its case.</summary>
    public Task<string[]> Tags() => grains.GetGrain<IRunCatalogGrain>(IRunCatalogGrain.Key).Tags();

    /// <summary>The annotated run, or null when there is none; check <see cref="RunAnnotation.Problems"/> first.</summary>
    public async Task<ExperimentSnapshot?> Annotate(string id, RunAnnotation annotation) =>
        ExperimentIds.IsValid(id) ? await grains.GetGrain<IExperimentGrain>(id).Annotate(annotation) : null;

    public async Task<ExperimentRemoval> Delete(string id) =>
        ExperimentIds.IsValid(id) ? await grains.GetGrain<IExperimentGrain>(id).Delete() : ExperimentRemoval.NotFound;

    /// <summary>The experiment's metric series; null when there is no such experiment.</summary>
    public async Task<IReadOnlyList<SeriesSummary>?> ListSeries(string id) =>
        ExperimentIds.IsValid(id) ? await grains.GetGrain<IExperimentGrain>(id).ListSeries() : null;

    /// <summary>
    /// Steps <paramref name="from"/> to <paramref name="to"/> of a series (null: its start, its end), cut down on the
    /// silo to at most <paramref name="maxPoints"/>; null when there is no such experiment or series.
    /// </summary>
    public async Task<SeriesPage?> ReadSeries(string id, string name, int? from = null, int? to = null, int maxPoints = SeriesStore.DefaultMaxPoints) =>
        ExperimentIds.IsValid(id) ? await grains.GetGrain<IExperimentGrain>(id).ReadSeries(name, from, to, maxPoints) : null;

    /// <summary>
    /// Follows an experiment: <paramref name="changed"/> gets its status, progress and new series points as they
    /// arrive. Returns the experiment as it was when the follow began (null when there is none, and then no feed).
    /// </summary>
    public async Task<(ExperimentSnapshot? Now, GrainFeed<ExperimentChange>? Feed)> Follow(string id, Func<ExperimentChange, Task> changed, CancellationToken labStopping)
    {
        if (!ExperimentIds.IsValid(id)) return (null, null);
        var grain = grains.GetGrain<IExperimentGrain>(id);
        return await GrainFeed<ExperimentChange>.Open(grains, grain.Follow, grain.Unfollow, changed, labStopping);
    }

    /// <summary>Follows the runs table: <paramref name="changed"/> gets each run whose row is written or removed.</summary>
    public Task<GrainFeed<RunChange>> FollowRuns(Func<RunChange, Task> changed, CancellationToken labStopping)
    {
        var catalog = grains.GetGrain<IRunCatalogGrain>(IRunCatalogGrain.Key);
        return GrainFeed<RunChange>.Start(grains, catalog.Follow, catalog.Unfollow, changed, labStopping);
    }
}
