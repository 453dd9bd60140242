using Orleans.TestingHost;
using UNet3D.Lab.Silo.Grains;

namespace UNet3D.Lab.Silo.Tests;

/// <summary>
/// A test class with a lab of its own that trains nothing (no worker slots): the test plays the worker through
/// <see cref="TestRuns"/>. Each test gets a fresh lab in a fresh data folder.
/// </summary>
public abstract class IdleLabTest : IAsyncLifetime
{
    private readonly TemporaryDirectory data = new();

    protected InProcessTestCluster Cluster { get; private set; } = null!;

    protected string DataPath => data.Path;

    protected IRunCatalogGrain Runs => Cluster.Client.GetGrain<IRunCatalogGrain>(IRunCatalogGrain.Key);

    public async Task InitializeAsync() => Cluster = await LabClusterFactory.StartAsync(data.Path, workerSlots: 0);

    /// <summary>Stops the lab and starts it again on the same data, as a restart of the machine would.</summary>
    protected async Task Restart()
    {
        await Cluster.DisposeAsync();
        Cluster = await LabClusterFactory.StartAsync(data.Path, workerSlots: 0);
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        data.Dispose();
    }
}
