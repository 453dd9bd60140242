using UNet3D.Lab.Experiments.Presets;
using UNet3D.Lab.Silo.Grains;

namespace UNet3D.Lab.Web.Services;

/// <summary>What the pages and the HTTP API do with ablations (grids and the paper's tables): a thin layer over the grains.</summary>
public sealed class AblationClient(IGrainFactory grains)
{
    /// <summary>Starts a table run, or returns the problems that stop it, each naming its field.</summary>
    public async Task<(AblationSnapshot? Ablation, IReadOnlyList<SpecProblem> Problems)> StartTable(TableRequest request)
    {
        var ablation = grains.GetGrain<IAblationGrain>(AblationIds.NewTable());
        var check = await ablation.CheckTable(request);
        return check.Problems.Length > 0 ? (null, check.Problems) : (await ablation.StartTable(request), []);
    }

    /// <summary>What a table run would run, or the problems that stop it; starts nothing.</summary>
    public Task<GridCheck> CheckTable(TableRequest request) => grains.GetGrain<IAblationGrain>(AblationIds.NewTable()).CheckTable(request);

    /// <summary>Starts a grid, or returns the problems that stop it, each naming its field.</summary>
    public async Task<(AblationSnapshot? Ablation, IReadOnlyList<SpecProblem> Problems)> StartGrid(GridRequest request)
    {
        var ablation = grains.GetGrain<IAblationGrain>(AblationIds.NewGrid());
        var check = await ablation.CheckGrid(request);
        return check.Problems.Length > 0 ? (null, check.Problems) : (await ablation.StartGrid(request), []);
    }

    /// <summary>What a grid would run, or the problems that stop it; starts nothing.</summary>
    public Task<GridCheck> CheckGrid(GridRequest request) => grains.GetGrain<IAblationGrain>(AblationIds.NewGrid()).CheckGrid(request);

    /// <summary>How long the grid would take on this lab's training slots.</summary>
    public async Task<(double Seconds, string Basis)> Estimate(GridCheck plan, int seeds)
    {
        var slots = await grains.GetGrain<ITrainingQueueGrain>(ITrainingQueueGrain.Key).Slots();
        var catalog = grains.GetGrain<IRunCatalogGrain>(IRunCatalogGrain.Key);
        var measured = new Dictionary<(string, ModelKind), double?>();
        foreach (var (preset, model) in plan.Configurations.Select(c => (c.Preset, c.Model)).Distinct())
            measured[(preset, model)] = await catalog.SecondsPerStep(preset, model);
        return GridEstimate.Of(plan.Configurations, seeds, slots, (preset, model) => measured.GetValueOrDefault((preset, model)));
    }

    public async Task<AblationSnapshot?> Get(string id) => AblationIds.IsValid(id) ? await grains.GetGrain<IAblationGrain>(id).Get() : null;

    /// <summary>
    /// Follows an ablation: <paramref name="changed"/> gets it each time it changes. Returns it as it was when the follow
    /// began (null when there is none, and then no feed).
    /// </summary>
    public async Task<(AblationSnapshot? Now, GrainFeed<AblationSnapshot>? Feed)> Follow(string id, Func<AblationSnapshot, Task> changed, CancellationToken labStopping)
    {
        if (!AblationIds.IsValid(id)) return (null, null);
        var grain = grains.GetGrain<IAblationGrain>(id);
        return await GrainFeed<AblationSnapshot>.Open(grains, grain.Follow, grain.Unfollow, changed, labStopping);
    }

    /// <summary>Every ablation, grids and tables, newest first.</summary>
    public async Task<IReadOnlyList<AblationSnapshot>> List() => await Load(await Ids());

    /// <summary>The ids of every ablation, newest first.</summary>
    public async Task<IReadOnlyList<string>> Ids() => await grains.GetGrain<IRegistryGrain>(IRegistryGrain.Ablations).List();

    /// <summary>These ablations, in this order; ids that name none are left out.</summary>
    public async Task<IReadOnlyList<AblationSnapshot>> Load(IEnumerable<string> ids)
    {
        var ablations = await Task.WhenAll(ids.Select(id => grains.GetGrain<IAblationGrain>(id).Get()));
        return ablations.OfType<AblationSnapshot>().ToArray();
    }

    /// <summary>The runs of the paper's tables, newest first.</summary>
    public async Task<IReadOnlyList<AblationSnapshot>> Tables() => (await List()).Where(a => a.Table is not null).ToArray();

    /// <summary>The datasets a table uses when the request names none: the preset's phantom samples.</summary>
    public static IReadOnlyList<string> DefaultDatasets(string preset) =>
        ExperimentPresets.All.FirstOrDefault(p => string.Equals(p.Name, preset, StringComparison.OrdinalIgnoreCase)) is { } found
            ? PhantomDatasets.Ids(found.Phantom)
            : [];
}
