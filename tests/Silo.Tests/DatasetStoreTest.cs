using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using UNet3D.Lab.Silo.Datasets;
using UNet3D.Lab.Silo.Storage;
using UNet3D.Lab.Tests.Shared;

namespace UNet3D.Lab.Silo.Tests;

/// <summary>
/// The dataset store on its own: a LiteDB file and a folder, no cluster. Each test class of a part of the store
/// (import, volume files, built-in phantoms) opens stores on one data folder and imports files from an inbox.
/// </summary>
public abstract class DatasetStoreTest : IDisposable
{
    protected const int X = 5, Y = 4, Z = 3;
    private readonly TemporaryDirectory data = new();
    private readonly TemporaryDirectory inbox = new();
    private readonly List<LabDatabase> databases = [];
    private readonly List<DatasetStore> stores = [];

    /// <summary>The lab's data directory the stores open.</summary>
    protected string DataPath => data.Path;

    /// <summary>Where the files to import are written.</summary>
    protected string InboxPath => inbox.Path;

    public void Dispose()
    {
        CloseStores();
        data.Dispose();
        inbox.Dispose();
        GC.SuppressFinalize(this);
    }

    protected DatasetStore OpenStore(Action<LabDatasetOptions>? configure = null)
    {
        var options = new LabOptions { DataDirectory = data.Path };
        configure?.Invoke(options.Datasets);
        var database = new LabDatabase(Options.Create(options), NullLogger<LabDatabase>.Instance);
        databases.Add(database);
        var store = new DatasetStore(database, Options.Create(options), NullLogger<DatasetStore>.Instance);
        stores.Add(store);
        return store;
    }

    protected void CloseStores()
    {
        foreach (var store in stores) store.Dispose();
        foreach (var database in databases) database.Dispose();
        stores.Clear();
        databases.Clear();
    }

    protected DatasetFile File(string name, byte[] bytes)
    {
        var folder = Path.Combine(inbox.Path, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name);
        System.IO.File.WriteAllBytes(path, bytes);
        return new DatasetFile(name, path);
    }

    protected static byte DenseLabel(int i) => (byte)(i * 7 % 3);

    protected DatasetImportRequest ImageOnly(string name, byte[] bytes) =>
        new() { Image = File(Path.GetFileName(name), bytes) with { FileName = name } };

    protected DatasetImportRequest WithLabels(byte[] labels, string kind, string? unlabeled = null) =>
        Request(NiftiTestFiles.Image(X, Y, Z), ("labels.nii", labels), kind, unlabeled);

    protected DatasetImportRequest Request(byte[] image, (string Name, byte[] Bytes)? labels, string? kind, string? unlabeled = null) => new()
    {
        Image = File("image.nii", image),
        Labels = labels is { } l ? File(Path.GetFileName(l.Name.Replace('\\', '/')), l.Bytes) with { FileName = l.Name } : null,
        LabelKind = kind,
        UnlabeledValue = unlabeled,
    };

    protected void AssertNothingStored(DatasetStore store)
    {
        Assert.DoesNotContain(store.List(), d => !d.BuiltIn);
        var root = Path.Combine(data.Path, "datasets");
        Assert.DoesNotContain(Directory.EnumerateDirectories(root), d => !Path.GetFileName(d).StartsWith('.'));
        var staging = Path.Combine(root, DatasetVolumeFiles.StagingFolderName);
        Assert.True(!Directory.Exists(staging) || !Directory.EnumerateFileSystemEntries(staging).Any());
    }
}
