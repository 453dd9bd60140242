using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using UNet3D.Lab.Experiments;
using UNet3D.Lab.Experiments.Data;
using UNet3D.Lab.Silo.Datasets;
using UNet3D.Lab.Silo.Storage;

namespace UNet3D.Lab.Silo.Tests;

/// <summary>The phantom's samples as datasets: listed before they are stored, stored on first use, made again for a new engine version.</summary>
public sealed class DatasetBuiltInPhantomTests : DatasetStoreTest
{
    [Fact]
    public void Phantom_ids_resolve_before_they_are_stored_and_load_the_same_volume_after()
    {
        var store = OpenStore();
        var id = PhantomDatasets.Id(PhantomVariant.Tiny, 1);
        var pending = store.Find(id)!;
        Assert.False(pending.IsReady);
        Assert.True(pending.BuiltIn);
        Assert.Equal(XenopusPhantom.Shape(1, PhantomVariant.Tiny), pending.Shape);
        Assert.Equal(9, store.List().Count(d => d.BuiltIn));

        var expected = PhantomDatasets.Shared.Load(id);
        Assert.Same(expected, store.Load(id));
        var stored = store.Find(id)!;
        Assert.True(stored.IsReady);
        Assert.Equal(expected.Labels.LongLength, stored.LabeledVoxels);

        // Idempotent: materialising again keeps the record; a restarted store reads the same voxels from disk.
        var again = store.Materialise(id);
        Assert.Equal((stored.Sha256, stored.CreatedAt), (again.Sha256, again.CreatedAt));
        CloseStores();
        var restarted = OpenStore();
        var loaded = restarted.Load(id);
        Assert.NotSame(expected, loaded);
        Assert.Equal(expected.Image, loaded.Image);
        Assert.Equal(expected.Labels, loaded.Labels);
        Assert.Throws<DatasetNotFoundException>(() => restarted.Load("phantom-huge-s1"));
    }

    [Fact]
    public void A_phantom_sample_stored_by_another_engine_version_is_made_again()
    {
        var id = PhantomDatasets.Id(PhantomVariant.Tiny, 0);
        var store = OpenStore();
        var first = store.Materialise(id);
        Assert.Equal(EngineVersion.Current, first.PhantomVersion);
        CloseStores();

        // The record as an earlier version wrote it: no phantom version.
        var options = Options.Create(new LabOptions { DataDirectory = DataPath });
        using (var database = new LabDatabase(options, NullLogger<LabDatabase>.Instance))
        {
            var records = database.Collection(DatasetCatalog.CollectionName);
            var document = records.FindById(id);
            var info = System.Text.Json.Nodes.JsonNode.Parse(document["info"].AsString)!.AsObject();
            Assert.True(info.Remove(info.Single(p => p.Key.Equals("phantomVersion", StringComparison.OrdinalIgnoreCase)).Key));
            document["info"] = info.ToJsonString();
            records.Update(document);
        }

        var reopened = OpenStore();
        Assert.False(reopened.Find(id)!.IsReady);
        Assert.False(reopened.List().Single(d => d.Id == id).IsReady);
        Assert.Equal(PhantomDatasets.Shared.Load(id).Labels, reopened.Load(id).Labels);
        var remade = reopened.Find(id)!;
        Assert.True(remade.IsReady);
        Assert.Equal(EngineVersion.Current, remade.PhantomVersion);
        Assert.True(remade.CreatedAt > first.CreatedAt);
        Assert.Single(reopened.List(), d => d.Id == id);
    }
}
