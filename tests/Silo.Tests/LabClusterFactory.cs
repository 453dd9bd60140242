using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using UNet3D.Lab.Silo;
using UNet3D.Lab.Silo.Hosting;

namespace UNet3D.Lab.Silo.Tests;

/// <summary>Starts a real in-process Orleans cluster with the lab's LiteDB storage in a given folder.</summary>
internal static class LabClusterFactory
{
    /// <param name="configure">Further settings, e.g. the dataset limits.</param>
    /// <param name="silo">Further silo services, e.g. a grain call filter that makes calls fail.</param>
    public static async Task<InProcessTestCluster> StartAsync(
        string dataDirectory, int workerSlots = 1, int checkpointInterval = 200, string device = "cpu", Action<LabOptions>? configure = null,
        Action<ISiloBuilder>? silo = null)
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, siloBuilder) =>
        {
            siloBuilder.AddLabServices();
            silo?.Invoke(siloBuilder);
            siloBuilder.Services.Configure<LabOptions>(o =>
            {
                o.DataDirectory = dataDirectory;
                o.WorkerSlots = workerSlots;
                o.Device = device;
                o.WorkerPollInterval = TimeSpan.FromMilliseconds(50);
                o.ProgressInterval = TimeSpan.FromMilliseconds(100);
                o.CheckpointInterval = checkpointInterval;
                o.AblationPollInterval = TimeSpan.FromMilliseconds(100);
                configure?.Invoke(o);
            });
        });
        // The cluster's own client sends the engine's types too.
        builder.ConfigureClient(client => client.Services.AddLabSerialization());
        var cluster = builder.Build();
        try
        {
            await cluster.DeployAsync();
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
        return cluster;
    }
}
