using System.Buffers.Binary;
using UNet3D.Lab.Experiments;
using UNet3D.Lab.Experiments.Data;
using UNet3D.Lab.Experiments.Data.Formats;
using UNet3D.Lab.Silo.Datasets;

namespace UNet3D.Lab.Silo.Tests;

/// <summary>The dataset catalogue grain, through a cluster client: what the web app's pages and API ask of it.</summary>
public sealed class DatasetCatalogGrainTests(DatasetGrainCluster lab) : IClassFixture<DatasetGrainCluster>
{
    [Fact]
    public async Task Catalogue_lists_finds_and_generates_built_in_samples_and_serves_their_thumbnails()
    {
        var listed = await lab.Catalog.List();
        Assert.Equal(BuiltInPhantoms.Ids, listed.Where(d => d.BuiltIn).Select(d => d.Id));
        var id = PhantomDatasets.Id(PhantomVariant.Tiny, 1);
        var pending = (await lab.Catalog.Find(id))!;
        Assert.False(pending.IsReady);
        Assert.Equal(XenopusPhantom.Shape(1, PhantomVariant.Tiny), pending.Shape);
        Assert.Equal(SpatialUnit.Micron, pending.SpacingUnit);
        Assert.Null(await lab.Catalog.Thumbnail(id, VolumeAxis.Z, labels: false));

        var made = (await lab.Catalog.Materialise(id))!;
        Assert.True(made.IsReady);
        Assert.Equal(EngineVersion.Current, made.PhantomVersion);
        Assert.Matches("^[0-9a-f]{64}$", made.Sha256);
        Assert.Equal(PhantomDatasets.Shared.Load(id).Labels.LongLength, made.LabeledVoxels);
        Assert.Equal(made.Sha256, (await lab.Catalog.Find(id))!.Sha256);
        Assert.True((await lab.Catalog.List()).Single(d => d.Id == id).IsReady);
        foreach (var axis in new[] { VolumeAxis.X, VolumeAxis.Y, VolumeAxis.Z })
        {
            Assert.Equal(DatasetThumbnails.Size(made.Shape, axis), PngSize((await lab.Catalog.Thumbnail(id, axis, labels: false))!));
            Assert.Equal(DatasetThumbnails.Size(made.Shape, axis), PngSize((await lab.Catalog.Thumbnail(id, axis, labels: true))!));
        }
    }

    [Fact]
    public async Task Unknown_ids_are_null_and_a_batch_lookup_returns_each_known_dataset_once()
    {
        Assert.Null(await lab.Catalog.Find("ds-nothere"));
        Assert.Null(await lab.Catalog.Find("../etc"));
        Assert.Null(await lab.Catalog.Materialise("ds-nothere"));
        Assert.Null(await lab.Catalog.Thumbnail("ds-nothere", VolumeAxis.Z, labels: false));
        var found = await lab.Catalog.FindEach(["phantom-cpu-s2", "ds-nothere", "phantom-cpu-s2", "phantom-tiny-s3"]);
        Assert.Equal(["phantom-cpu-s2", "phantom-tiny-s3"], found.Select(d => d.Id));
    }

    private static (int Width, int Height) PngSize(byte[] png)
    {
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        return (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
    }
}
