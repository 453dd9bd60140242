using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using UNet3D.Lab.Silo.Datasets;
using UNet3D.Lab.Silo.Grains;

namespace UNet3D.Lab.Silo.Tests;

/// <summary>
/// A one-silo cluster for the dataset grains' tests, reached through its client as the web app reaches the lab: no
/// worker slots, no built-in samples generated at start, and an upload limit of <see cref="UploadLimit"/>.
/// </summary>
public sealed class DatasetGrainCluster : IAsyncLifetime
{
    /// <summary>Three chunks of 1 MiB: a fourth is over the limit.</summary>
    public const long UploadLimit = 3L * IDatasetUploadGrain.MaxChunkBytes;

    private readonly TemporaryDirectory data = new();
    private InProcessTestCluster? cluster;

    public string DataPath => data.Path;

    public string DatasetsPath => Path.Combine(data.Path, "datasets");

    public IClusterClient Client => Cluster.Client;

    /// <summary>The primary silo's store, to check what the grains stored.</summary>
    public DatasetStore Store => Cluster.Silos[0].ServiceProvider.GetRequiredService<DatasetStore>();

    public IDatasetCatalogGrain Catalog => Client.GetGrain<IDatasetCatalogGrain>(IDatasetCatalogGrain.Key);

    private InProcessTestCluster Cluster => cluster ?? throw new InvalidOperationException("The cluster has not started.");

    public async Task InitializeAsync() =>
        cluster = await LabClusterFactory.StartAsync(data.Path, workerSlots: 0, configure: o =>
        {
            o.Datasets.MaxUploadBytes = UploadLimit;
            o.Datasets.MaterialiseBuiltIns = false;
        });

    public async Task DisposeAsync()
    {
        if (cluster is not null) await cluster.DisposeAsync();
        data.Dispose();
    }

    /// <summary>The imported datasets' ids, sorted.</summary>
    public async Task<string[]> ImportedIds() =>
        [.. (await Catalog.List()).Where(d => !d.BuiltIn).Select(d => d.Id).Order(StringComparer.Ordinal)];

    /// <summary>No new dataset, no folder without its record, nothing left in the staging area.</summary>
    public async Task AssertNothingStored(string[] before)
    {
        Assert.Equal(before, await ImportedIds());
        var recorded = (await Catalog.List()).Where(d => d.IsReady).Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        var folders = Directory.EnumerateDirectories(DatasetsPath).Select(Path.GetFileName).Where(n => !n!.StartsWith('.')).ToArray();
        Assert.All(folders, folder => Assert.Contains(folder!, recorded));
        var staging = Path.Combine(DatasetsPath, DatasetVolumeFiles.StagingFolderName);
        Assert.True(!Directory.Exists(staging) || !Directory.EnumerateFileSystemEntries(staging).Any(),
            $"left in the staging area: {string.Join(", ", Directory.Exists(staging) ? Directory.EnumerateFileSystemEntries(staging) : [])}");
    }
}
