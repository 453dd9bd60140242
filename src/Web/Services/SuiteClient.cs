using UNet3D.Lab.Experiments.Presets;
using UNet3D.Lab.Silo.Grains;
using UNet3D.Lab.Silo.Suites;

namespace UNet3D.Lab.Web.Services;

/// <summary>What the Tables page and the HTTP API do with suites: a thin layer over the suite grains.</summary>
public sealed class SuiteClient(IGrainFactory grains)
{
    /// <summary>Starts the table run, or returns the problems that stop it, each naming its field.</summary>
    public async Task<(SuiteSnapshot? Suite, IReadOnlyList<SpecProblem> Problems)> Start(SuiteRequest request)
    {
        var suite = grains.GetGrain<ISuiteGrain>(SuiteIds.New());
        var problems = await suite.Check(request);
        return problems.Length > 0 ? (null, problems) : (await suite.Start(request), []);
    }

    public async Task<SuiteSnapshot?> Get(string id) => SuiteIds.IsValid(id) ? await grains.GetGrain<ISuiteGrain>(id).Get() : null;

    /// <summary>All suites, newest first.</summary>
    public async Task<IReadOnlyList<SuiteSnapshot>> List()
    {
        var ids = await grains.GetGrain<IRegistryGrain>(IRegistryGrain.Suites).List();
        var suites = await Task.WhenAll(ids.Select(id => grains.GetGrain<ISuiteGrain>(id).Get()));
        return suites.OfType<SuiteSnapshot>().ToArray();
    }

    /// <summary>The datasets a table uses when the request names none: the preset's phantom samples.</summary>
    public static IReadOnlyList<string> DefaultDatasets(string preset) =>
        ExperimentPresets.All.FirstOrDefault(p => string.Equals(p.Name, preset, StringComparison.OrdinalIgnoreCase)) is { } found
            ? PhantomDatasets.Ids(found.Phantom)
            : [];
}
