using UNet3D.Lab.Experiments.Data;
using UNet3D.Lab.Silo.Datasets;
using UNet3D.Lab.Tests.Shared;

namespace UNet3D.Lab.Silo.Tests;

/// <summary>The stored voxels on disk: checked against their hash, leftovers of interrupted writes removed, one process per folder.</summary>
public sealed class DatasetVolumeFilesTests : DatasetStoreTest
{
    [Fact]
    public void Damaged_voxels_on_disk_are_an_error_not_a_different_volume()
    {
        var store = OpenStore();
        var info = store.Import(ImageOnly("scan.nii", NiftiTestFiles.Image(X, Y, Z)));
        CloseStores();
        var path = Path.Combine(DataPath, "datasets", info.Id, DatasetVolumeFiles.ImageFileName);
        var bytes = System.IO.File.ReadAllBytes(path);
        bytes[10] ^= 1;
        System.IO.File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<InvalidDataException>(() => OpenStore().Load(info.Id));
        Assert.Contains(info.Id, error.Message);
        Assert.Contains("SHA-256", error.Message);
    }

    [Fact]
    public void Leftovers_of_an_interrupted_write_are_removed_when_the_store_opens()
    {
        var store = OpenStore();
        var kept = store.Import(ImageOnly("scan.nii", NiftiTestFiles.Image(X, Y, Z)));
        var gone = store.Import(ImageOnly("other.nii", NiftiTestFiles.Image(X, Y, Z)));
        CloseStores();
        var root = Path.Combine(DataPath, "datasets");
        Directory.CreateDirectory(Path.Combine(root, "ds-orphan12345"));                      // renamed, never recorded
        Directory.CreateDirectory(Path.Combine(root, DatasetVolumeFiles.StagingFolderName, "write-x")); // staging of a crashed write
        Directory.Delete(Path.Combine(root, gone.Id), recursive: true);                      // record without voxels

        var reopened = OpenStore();
        Assert.Equal([kept.Id], reopened.List().Where(d => !d.BuiltIn).Select(d => d.Id));
        Assert.False(Directory.Exists(Path.Combine(root, "ds-orphan12345")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(root, DatasetVolumeFiles.StagingFolderName)));
        Assert.Throws<DatasetNotFoundException>(() => reopened.Load(gone.Id));
    }


    [Fact]
    public void A_second_process_on_the_same_data_directory_is_refused_while_the_first_holds_it()
    {
        var first = OpenStore();
        first.Import(ImageOnly("scan.nii", NiftiTestFiles.Image(X, Y, Z)));
        var imported = first.List().Single(d => !d.BuiltIn).Id;
        var second = OpenStore();
        var error = Assert.Throws<InvalidOperationException>(() => second.List());
        Assert.Contains("in use by another process", error.Message);
        Assert.Contains("POST /api/datasets", error.Message);
        // A process that cannot read the datasets still trains on the phantom, and says why it cannot load the rest.
        Assert.Equal(PhantomDatasets.Shared.Load("phantom-tiny-s3").Labels, second.Load("phantom-tiny-s3").Labels);
        Assert.Contains("in use by another process", Assert.Throws<InvalidOperationException>(() => second.Load(imported)).Message);
        CloseStores();
        Assert.Single(OpenStore().List(), d => !d.BuiltIn);
    }
}
