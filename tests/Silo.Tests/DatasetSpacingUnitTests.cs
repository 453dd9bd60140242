using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using UNet3D.Lab.Experiments.Data;
using UNet3D.Lab.Experiments.Data.Formats;
using UNet3D.Lab.Silo.Datasets;
using UNet3D.Lab.Silo.Storage;
using UNet3D.Lab.Tests.Shared;

namespace UNet3D.Lab.Silo.Tests;

/// <summary>
/// The store records spacing as the source file states it, with its unit, and reads records written before the unit
/// was recorded as µm (what the lab then converted every spacing to).
/// </summary>
public sealed class DatasetSpacingUnitTests : IDisposable
{
    private const int X = 5, Y = 4, Z = 3;
    private readonly TemporaryDirectory data = new();
    private readonly TemporaryDirectory inbox = new();
    private readonly List<IDisposable> opened = [];

    public void Dispose()
    {
        Close();
        data.Dispose();
        inbox.Dispose();
    }

    [Theory]
    [InlineData(SpatialUnit.Unknown)]
    [InlineData(SpatialUnit.Millimeter)]
    [InlineData(SpatialUnit.Micron)]
    public void Nifti_spacing_is_stored_with_the_files_unit_and_numbers(SpatialUnit unit)
    {
        var store = Open();
        var info = store.Import(new DatasetImportRequest { Image = File("scan.nii.gz", NiftiTestFiles.Gzip(NiftiTestFiles.Image(X, Y, Z, spacing: (2, 2, 2.2), unit: unit))) });

        Assert.Equal((2, 2, 2.2), (info.SpacingX, info.SpacingY, info.SpacingZ));
        Assert.Equal(unit, info.SpacingUnit);
        Close();
        var reopened = Open();
        Assert.Equal(unit, reopened.Find(info.Id)!.SpacingUnit);
        var volume = reopened.Load(info.Id);
        Assert.Equal((2, 2, 2.2), volume.Spacing);
        Assert.Equal(unit, volume.SpacingUnit);
    }

    [Fact]
    public void Phantom_samples_are_in_micrometres_before_and_after_they_are_stored()
    {
        var store = Open();
        var id = PhantomDatasets.Id(PhantomVariant.Tiny, 0);
        Assert.Equal(SpatialUnit.Micron, store.Find(id)!.SpacingUnit);
        Assert.Equal(SpatialUnit.Micron, store.Materialise(id).SpacingUnit);
        Assert.Equal(SpatialUnit.Micron, store.Load(id).SpacingUnit);
    }

    [Fact]
    public void A_record_stored_before_units_were_recorded_reads_as_micrometres()
    {
        var store = Open();
        var id = store.Import(new DatasetImportRequest { Image = File("old.nii", NiftiTestFiles.Image(X, Y, Z, spacing: (1.76, 1.76, 2.04), unit: SpatialUnit.Unknown)) }).Id;
        Close();

        // The record as the previous version wrote it: no spacingUnit.
        var options = Options.Create(new LabOptions { DataDirectory = data.Path });
        using (var database = new LabDatabase(options, NullLogger<LabDatabase>.Instance))
        {
            var records = database.Collection(DatasetCatalog.CollectionName);
            var document = records.FindById(id);
            var info = System.Text.Json.Nodes.JsonNode.Parse(document["info"].AsString)!.AsObject();
            Assert.True(info.Remove("spacingUnit"));
            document["info"] = info.ToJsonString();
            records.Update(document);
        }

        var reopened = Open();
        var found = reopened.Find(id)!;
        Assert.Equal(SpatialUnit.Micron, found.SpacingUnit);
        Assert.Equal((1.76, 1.76, 2.04), (found.SpacingX, found.SpacingY, found.SpacingZ));
        Assert.Equal(SpatialUnit.Micron, reopened.Load(id).SpacingUnit);
    }

    private DatasetStore Open()
    {
        var options = Options.Create(new LabOptions { DataDirectory = data.Path });
        var database = new LabDatabase(options, NullLogger<LabDatabase>.Instance);
        var store = new DatasetStore(database, options, NullLogger<DatasetStore>.Instance);
        opened.Add(store);
        opened.Add(database);
        return store;
    }

    private void Close()
    {
        foreach (var item in opened) item.Dispose();
        opened.Clear();
    }

    private DatasetFile File(string name, byte[] bytes)
    {
        var folder = Path.Combine(inbox.Path, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name);
        System.IO.File.WriteAllBytes(path, bytes);
        return new DatasetFile(name, path);
    }
}
