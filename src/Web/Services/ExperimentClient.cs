using UNet3D.Lab.Silo.Grains;

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

    /// <summary>All experiments, newest first.</summary>
    public async Task<IReadOnlyList<ExperimentSnapshot>> List()
    {
        var ids = await grains.GetGrain<IRegistryGrain>(IRegistryGrain.Experiments).List();
        var snapshots = await Task.WhenAll(ids.Select(id => grains.GetGrain<IExperimentGrain>(id).Get()));
        return snapshots.OfType<ExperimentSnapshot>().ToArray();
    }
}
