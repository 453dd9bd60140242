using Orleans.Concurrency;
using UNet3D.Lab.Silo.Placement;
using UNet3D.Lab.Silo.Runs;

namespace UNet3D.Lab.Silo.Grains;

/// <summary>
/// Answers from the primary silo's <see cref="RunIndex"/>, on the thread pool (LiteDB is synchronous I/O). It keeps no
/// state, so queries interleave.
/// </summary>
[PrimarySiloPlacement]
[Reentrant]
public sealed class RunCatalogGrain(RunIndex index) : Grain, IRunCatalogGrain
{
    public Task<RunPage> Query(RunQuery query) => Task.Run(() => index.Query(query));

    public Task<string[]> Tags() => Task.Run(() => index.Tags().ToArray());

    public Task<double?> SecondsPerStep(string preset, ModelKind model) => Task.Run(() => index.SecondsPerStep(preset, model));
}
