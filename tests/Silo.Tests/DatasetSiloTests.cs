using Microsoft.Extensions.DependencyInjection;
using UNet3D.Lab.Experiments.Data;
using UNet3D.Lab.Experiments.Runs;
using UNet3D.Lab.Silo.Datasets;
using UNet3D.Lab.Silo.Grains;
using UNet3D.Lab.Silo.Models;
using UNet3D.Lab.Tests.Shared;

namespace UNet3D.Lab.Silo.Tests;

/// <summary>The dataset store inside a running silo: built-in samples at start, imported datasets in experiments.</summary>
public sealed class DatasetSiloTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Silo_stores_the_tiny_and_cpu_phantom_at_start_and_again_only_what_is_missing_after_a_restart()
    {
        using var data = new TemporaryDirectory();
        string firstSha;
        DateTimeOffset? firstCreated;
        await using (var cluster = await LabClusterFactory.StartAsync(data.Path, workerSlots: 0))
        {
            var services = cluster.Silos[0].ServiceProvider;
            await services.GetRequiredService<BuiltInDatasets>().Completion.WaitAsync(Patience);
            var store = services.GetRequiredService<DatasetStore>();
            var ready = store.List().Where(d => d.IsReady).Select(d => d.Id).ToArray();
            Assert.Equal(BuiltInPhantoms.StartupIds, ready);
            // The paper's samples are listed, waiting for their first use.
            Assert.All(PhantomDatasets.Ids(PhantomVariant.Paper), id => Assert.False(store.Find(id)!.IsReady));
            Assert.Same(store, services.GetRequiredService<IDatasetSource>());
            firstSha = store.Find("phantom-cpu-s2")!.Sha256!;
            firstCreated = store.Find("phantom-cpu-s1")!.CreatedAt;
        }

        // Restart after losing one sample's folder: only that one is stored again, the others are kept as they were.
        var written = File.GetLastWriteTimeUtc(Path.Combine(data.Path, "datasets", "phantom-cpu-s1", DatasetVolumeFiles.ImageFileName));
        Directory.Delete(Path.Combine(data.Path, "datasets", "phantom-cpu-s2"), recursive: true);
        await using var restarted = await LabClusterFactory.StartAsync(data.Path, workerSlots: 0);
        await restarted.Silos[0].ServiceProvider.GetRequiredService<BuiltInDatasets>().Completion.WaitAsync(Patience);
        var again = restarted.Silos[0].ServiceProvider.GetRequiredService<DatasetStore>();
        Assert.Equal(BuiltInPhantoms.StartupIds, again.List().Where(d => d.IsReady).Select(d => d.Id));
        Assert.Equal(firstSha, again.Find("phantom-cpu-s2")!.Sha256);
        Assert.Equal(firstCreated, again.Find("phantom-cpu-s1")!.CreatedAt);
        Assert.Equal(written, File.GetLastWriteTimeUtc(Path.Combine(data.Path, "datasets", "phantom-cpu-s1", DatasetVolumeFiles.ImageFileName)));
        Assert.NotEqual(firstCreated, again.Find("phantom-cpu-s2")!.CreatedAt);
    }

    [Fact]
    public async Task Worker_trains_on_an_imported_dataset_and_measures_on_another()
    {
        using var data = new TemporaryDirectory();
        using var inbox = new TemporaryDirectory();
        await using var cluster = await LabClusterFactory.StartAsync(data.Path);
        var store = cluster.Silos[0].ServiceProvider.GetRequiredService<DatasetStore>();

        // The tiny phantom's S1 exported and imported again: a user's dataset the engine has never heard of.
        var sample = XenopusPhantom.GenerateSample(0, PhantomVariant.Tiny, seed: 5);
        var (x, y, z) = (sample.Shape.X, sample.Shape.Y, sample.Shape.Z);
        var image = Path.Combine(inbox.Path, "mine.nii.gz");
        var labels = Path.Combine(inbox.Path, "mine_labels.nii.gz");
        File.WriteAllBytes(image, NiftiTestFiles.Gzip(NiftiTestFiles.Image(x, y, z, 3, i => sample.Image[i])));
        File.WriteAllBytes(labels, NiftiTestFiles.Labels(x, y, z, i => sample.Labels[i]));
        var imported = store.Import(new DatasetImportRequest
        {
            Image = new DatasetFile("mine.nii.gz", image),
            Labels = new DatasetFile("mine_labels.nii.gz", labels),
        });

        var grain = cluster.Client.GetGrain<IExperimentGrain>(ExperimentIds.New());
        await grain.Submit(new ExperimentSpec
        {
            Name = "own data",
            Model = ModelKind.ThreeD,
            Preset = "smoke",
            Iterations = 4,
            Datasets = [new DatasetSelection(imported.Id, [1, 1, 1])],
            TestDatasets = [new DatasetSelection("phantom-tiny-s2")],
        });
        using var timeout = new CancellationTokenSource(Patience);
        ExperimentSnapshot snapshot;
        do
        {
            await Task.Delay(100, timeout.Token);
            snapshot = (await grain.Get())!;
        }
        while (!snapshot.IsFinished);

        Assert.True(snapshot.Status == ExperimentStatus.Completed, snapshot.Error);
        Assert.Equal([imported.Id, "phantom-tiny-s2"], snapshot.Metrics!.Samples.Select(s => s.Sample));
    }
}
