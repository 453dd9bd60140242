using System.Buffers.Binary;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using UNet3D.Lab.Experiments;
using UNet3D.Lab.Experiments.Data;
using UNet3D.Lab.Experiments.Data.Formats;
using UNet3D.Lab.Silo.Datasets;
using UNet3D.Lab.Silo.Storage;
using UNet3D.Lab.Tests.Shared;

namespace UNet3D.Lab.Silo.Tests;

/// <summary>The dataset store on its own: a LiteDB file and a folder, no cluster.</summary>
public sealed class DatasetStoreTests : IDisposable
{
    private const int X = 5, Y = 4, Z = 3;
    private readonly TemporaryDirectory data = new();
    private readonly TemporaryDirectory inbox = new();
    private readonly List<LabDatabase> databases = [];
    private readonly List<DatasetStore> stores = [];

    public void Dispose()
    {
        CloseStores();
        data.Dispose();
        inbox.Dispose();
    }

    private DatasetStore OpenStore(Action<LabDatasetOptions>? configure = null)
    {
        var options = new LabOptions { DataDirectory = data.Path };
        configure?.Invoke(options.Datasets);
        var database = new LabDatabase(Options.Create(options), NullLogger<LabDatabase>.Instance);
        databases.Add(database);
        var store = new DatasetStore(database, Options.Create(options), NullLogger<DatasetStore>.Instance);
        stores.Add(store);
        return store;
    }

    private void CloseStores()
    {
        foreach (var store in stores) store.Dispose();
        foreach (var database in databases) database.Dispose();
        stores.Clear();
        databases.Clear();
    }

    private DatasetFile File(string name, byte[] bytes)
    {
        var folder = Path.Combine(inbox.Path, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name);
        System.IO.File.WriteAllBytes(path, bytes);
        return new DatasetFile(name, path);
    }

    private static float ImageValue(int i) => MathF.Sin(i * 0.37f) * 100 + i * 0.25f;

    private static byte DenseLabel(int i) => (byte)(i * 7 % 3);

    [Fact]
    public void Dense_import_stores_exact_voxels_statistics_hash_and_thumbnails()
    {
        var store = OpenStore();
        var info = store.Import(new DatasetImportRequest
        {
            Name = "kidney 1",
            Image = File("kidney.nii", NiftiTestFiles.Image(X, Y, Z, channels: 3, ImageValue)),
            Labels = File("kidney_labels.nii.gz", NiftiTestFiles.Gzip(NiftiTestFiles.Labels(X, Y, Z, i => DenseLabel(i)))),
            LabelKind = "dense",
        });

        Assert.Matches("^ds-[a-z0-9]{10}$", info.Id);
        Assert.Equal("kidney 1", info.Name);
        Assert.True(info.IsReady);
        Assert.False(info.BuiltIn);
        Assert.Equal((X, Y, Z, 3), (info.X, info.Y, info.Z, info.Channels));
        Assert.Equal((1.5, 1.5, 2.5), (info.SpacingX, info.SpacingY, info.SpacingZ));
        Assert.Equal(SpatialUnit.Micron, info.SpacingUnit);
        Assert.Equal(DatasetLabelKind.Dense, info.LabelKind);
        Assert.Equal(X * Y * Z, info.LabeledVoxels);
        var voxels = X * Y * Z;
        var image = Enumerable.Range(0, voxels * 3).Select(ImageValue).ToArray();
        var labels = Enumerable.Range(0, voxels).Select(DenseLabel).ToArray();
        Assert.Equal(Enumerable.Range(0, 4).Select(l => (long)labels.Count(v => v == l)), info.LabelHistogram);
        for (var c = 0; c < 3; c++)
        {
            var channel = image.Skip(c * voxels).Take(voxels).ToArray();
            Assert.Equal(channel.Min(), info.ChannelStatistics[c].Min);
            Assert.Equal(channel.Max(), info.ChannelStatistics[c].Max);
            Assert.Equal(channel.Average(v => (double)v), info.ChannelStatistics[c].Mean, 9);
        }
        Assert.Equal([("image", "kidney.nii", "NIfTI-1", "Float32"), ("labels", "kidney_labels.nii.gz", "NIfTI-1", "UInt8")],
            info.Files.Select(f => (f.Role, f.FileName, f.Format, f.DataType)));
        Assert.Equal(ExpectedSha256(X, Y, Z, 3, image, labels), info.Sha256);

        // A second store on the same folder (a restart) reads the voxels back from disk, exactly.
        CloseStores();
        var reopened = OpenStore();
        var loaded = reopened.Load(info.Id);
        Assert.Equal(image, loaded.Image);
        Assert.Equal(labels, loaded.Labels);
        Assert.Equal(new VolumeShape(Z, Y, X), loaded.Shape);
        Assert.Equal((1.5, 1.5, 2.5), loaded.Spacing);
        var found = reopened.Find(info.Id)!;
        Assert.Equal((info.Sha256, info.CreatedAt, info.LabeledVoxels), (found.Sha256, found.CreatedAt, found.LabeledVoxels));

        foreach (var axis in new[] { VolumeAxis.X, VolumeAxis.Y, VolumeAxis.Z })
        {
            var png = reopened.Thumbnail(info.Id, axis, labels: false)!;
            Assert.Equal(DatasetThumbnails.Size(loaded.Shape, axis), PngSize(png));
            Assert.Equal(2, png[25]); // colour type RGB: three channels
            Assert.NotNull(reopened.Thumbnail(info.Id, axis, labels: true));
        }
    }

    [Fact]
    public void Tiff_stacks_and_pytorch_3dunet_hdf5_files_import_with_exact_voxels_and_spacing()
    {
        var shape = new VolumeShape(Z, Y, X);
        var image = Enumerable.Range(0, (int)shape.VoxelCount * 2).Select(i => (float)(i % 251)).ToArray();
        var labels = Enumerable.Range(0, (int)shape.VoxelCount).Select(i => (float)DenseLabel(i)).ToArray();
        var raw = new VolumeFile(shape, 2, image, (1.76, 1.76, 2.04), SpatialUnit.Micron, "uint8", VolumeFormat.Tiff);
        var labelFile = new VolumeFile(shape, 1, labels, (1.76, 1.76, 2.04), SpatialUnit.Micron, "uint8", VolumeFormat.Tiff);

        var folder = Path.Combine(inbox.Path, "formats");
        Directory.CreateDirectory(folder);
        TiffStackWriter.Write(Path.Combine(folder, "stack.tif"), raw, VolumeDataType.UInt8);
        TiffStackWriter.Write(Path.Combine(folder, "stack_labels.tif"), labelFile, VolumeDataType.UInt8);
        Hdf5VolumeWriter.Write(Path.Combine(folder, "volume.h5"), raw, VolumeDataType.UInt8, labelFile);

        var store = OpenStore();
        var tiff = store.Import(new DatasetImportRequest
        {
            Image = File("stack.tif", System.IO.File.ReadAllBytes(Path.Combine(folder, "stack.tif"))),
            Labels = File("stack_labels.tif", System.IO.File.ReadAllBytes(Path.Combine(folder, "stack_labels.tif"))),
            LabelKind = "dense",
        });
        // The same HDF5 file as image (its raw dataset) and as labels (its label dataset).
        var h5 = System.IO.File.ReadAllBytes(Path.Combine(folder, "volume.h5"));
        var hdf5 = store.Import(new DatasetImportRequest { Image = File("volume.h5", h5), Labels = File("volume.h5", h5), LabelKind = "dense" });

        foreach (var info in new[] { tiff, hdf5 })
        {
            var volume = store.Load(info.Id);
            Assert.Equal(shape, volume.Shape);
            Assert.Equal(image, volume.Image);
            Assert.Equal(labels.Select(l => (byte)l), volume.Labels);
            Assert.Equal(1.76, volume.Spacing.X, 5);
            Assert.Equal(2.04, volume.Spacing.Z, 5);
            Assert.Equal(SpatialUnit.Micron, volume.SpacingUnit);
        }
    }

    [Fact]
    public void Sparse_labels_map_the_unlabeled_value_to_label_3_and_count_labelled_voxels()
    {
        var store = OpenStore();
        // Planes z = 0 annotated, the rest 255.
        var info = store.Import(new DatasetImportRequest
        {
            Image = File("scan.nii.gz", NiftiTestFiles.Gzip(NiftiTestFiles.Image(X, Y, Z, spacing: (1.76, 1.76, 2.04)))),
            Labels = File("scan_labels.nii", NiftiTestFiles.Labels(X, Y, Z, i => i < X * Y ? DenseLabel(i) : 255)),
            LabelKind = "sparse",
            UnlabeledValue = "255",
        });
        Assert.Equal("scan", info.Name);
        // pixdim is float32: 1.76f is recorded as the 1.76 its writer meant.
        Assert.Equal((1.76, 1.76, 2.04), (info.SpacingX, info.SpacingY, info.SpacingZ));
        Assert.Equal(DatasetLabelKind.Sparse, info.LabelKind);
        Assert.Equal(255, info.UnlabeledValue);
        Assert.Equal(X * Y, info.LabeledVoxels);
        Assert.Equal(X * Y * (Z - 1), info.LabelHistogram[SegmentationLabels.Unlabeled]);
        var volume = store.Load(info.Id);
        Assert.False(volume.IsDense);
        Assert.All(volume.Labels.Skip(X * Y), l => Assert.Equal(SegmentationLabels.Unlabeled, l));
        Assert.Equal(1, volume.Channels);
        Assert.Equal(0, store.Thumbnail(info.Id, VolumeAxis.Z, labels: false)![25]); // gray
    }

    [Fact]
    public void Image_without_labels_is_stored_unlabelled_without_label_thumbnails()
    {
        var store = OpenStore();
        var info = store.Import(new DatasetImportRequest { Image = File("raw.nii", NiftiTestFiles.Image(X, Y, Z, channels: 2)) });
        Assert.Equal(DatasetLabelKind.None, info.LabelKind);
        Assert.Equal(0, info.LabeledVoxels);
        Assert.Null(store.Thumbnail(info.Id, VolumeAxis.Z, labels: true));
        Assert.NotNull(store.Thumbnail(info.Id, VolumeAxis.Z, labels: false));
        Assert.All(store.Load(info.Id).Labels, l => Assert.Equal(SegmentationLabels.Unlabeled, l));
    }

    public static TheoryData<string, string, Func<DatasetStoreTests, DatasetImportRequest>> BadInputs => new()
    {
        { "truncated voxels", "image", t => t.ImageOnly("cut.nii", NiftiTestFiles.Image(X, Y, Z)[..400]) },
        { "truncated header", "image", t => t.ImageOnly("cut.nii", NiftiTestFiles.Image(X, Y, Z)[..200]) },
        { "truncated gzip", "image", t => t.ImageOnly("cut.nii.gz", NiftiTestFiles.Gzip(NiftiTestFiles.Image(40, 40, 40))[..2000]) },
        { "wrong magic", "image", t => t.ImageOnly("magic.nii", NiftiTestFiles.WithMagic(NiftiTestFiles.Image(X, Y, Z), "xyz\0")) },
        { "not a NIfTI file at all", "image", t => t.ImageOnly("notes.nii", "just some text, no header at all"u8.ToArray()) },
        { "zero size", "image", t => t.ImageOnly("zero.nii", NiftiTestFiles.WithDim(NiftiTestFiles.Image(X, Y, Z), 2, 0)) },
        { "negative size", "image", t => t.ImageOnly("negative.nii", NiftiTestFiles.WithDim(NiftiTestFiles.Image(X, Y, Z), 1, -4)) },
        { "shapes differ", "labels", t => t.WithLabels(NiftiTestFiles.Labels(X, Y, Z + 1, _ => 1), "dense") },
        { "labels with channels", "labels", t => t.WithLabels(NiftiTestFiles.Image(X, Y, Z, channels: 2, _ => 1), "dense") },
        { "dense label 3", "labels", t => t.WithLabels(NiftiTestFiles.Labels(X, Y, Z, i => i == 7 ? 3 : 1), "dense") },
        { "sparse label outside the set", "labels", t => t.WithLabels(NiftiTestFiles.Labels(X, Y, Z, i => i == 7 ? 9 : 255), "sparse", "255") },
        { "fractional label", "labels", t => t.WithLabels(NiftiTestFiles.Labels(X, Y, Z, i => i == 7 ? 0.5f : 1, NiftiDataType.Float32), "dense") },
        { "sparse with nothing labelled", "labels", t => t.WithLabels(NiftiTestFiles.Labels(X, Y, Z, _ => 3), "sparse") },
        { "NaN voxel", "image", t => t.ImageOnly("nan.nii", NiftiTestFiles.Image(X, Y, Z, 1, i => i == 11 ? float.NaN : i)) },
        { "infinite voxel", "image", t => t.ImageOnly("inf.nii", NiftiTestFiles.Image(X, Y, Z, 1, i => i == 11 ? float.NegativeInfinity : i)) },
        { "parent path in the name", "image", t => t.ImageOnly("../../x.nii", NiftiTestFiles.Image(X, Y, Z)) },
        { "folder in the name", "image", t => t.ImageOnly("a/b.nii", NiftiTestFiles.Image(X, Y, Z)) },
        { "backslash in the name", "labels", t => t.Request(NiftiTestFiles.Image(X, Y, Z), ("c:\\labels.nii", NiftiTestFiles.Labels(X, Y, Z, _ => 1)), "dense") },
        { "missing image", "image", _ => new DatasetImportRequest() },
        { "unknown label kind", "labelKind", t => t.WithLabels(NiftiTestFiles.Labels(X, Y, Z, _ => 1), "fuzzy") },
        { "label kind without labels", "labels", t => t.Request(NiftiTestFiles.Image(X, Y, Z), null, "sparse") },
        { "unlabeled value that is a class", "unlabeledValue", t => t.WithLabels(NiftiTestFiles.Labels(X, Y, Z, _ => 1), "sparse", "1") },
        { "unlabeled value not a number", "unlabeledValue", t => t.WithLabels(NiftiTestFiles.Labels(X, Y, Z, _ => 1), "sparse", "lots") },
        { "unknown extension", "image", t => t.ImageOnly("scan.tif", NiftiTestFiles.Image(X, Y, Z)) },
        { "name too long", "name", t => t.ImageOnly("scan.nii", NiftiTestFiles.Image(X, Y, Z)) with { Name = new string('n', 201) } },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void Bad_input_is_refused_naming_field_and_file_and_stores_nothing(string problem, string field, Func<DatasetStoreTests, DatasetImportRequest> request)
    {
        var store = OpenStore();
        var built = request(this);
        var error = Assert.Throws<DatasetImportException>(() => store.Import(built));
        Assert.True(field == error.Field, $"{problem}: field '{error.Field}', expected '{field}': {error.Message}");
        var file = field switch { "image" => built.Image, "labels" => built.Labels, _ => null };
        if (file is not null) Assert.Contains(file.FileName, error.Message);
        AssertNothingStored(store);
    }

    [Fact]
    public void Header_claiming_a_trillion_voxels_is_refused_without_allocating()
    {
        var store = OpenStore();
        var huge = NiftiTestFiles.WithDim(NiftiTestFiles.WithDim(NiftiTestFiles.WithDim(NiftiTestFiles.Image(X, Y, Z), 1, 10_000), 2, 10_000), 3, 10_000);
        var request = ImageOnly("huge.nii.gz", NiftiTestFiles.Gzip(huge));
        var before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<DatasetImportException>(() => store.Import(request));
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 1 << 20);
        Assert.Equal("image", error.Field);
        Assert.Contains("huge.nii.gz", error.Message);
        Assert.Contains("10000 x 10000 x 10000", error.Message);
        AssertNothingStored(store);
    }

    [Fact]
    public void Image_over_the_configured_value_limit_is_refused_from_its_header()
    {
        var store = OpenStore(o => o.MaxImageValues = 100_000);
        var request = ImageOnly("big.nii.gz", NiftiTestFiles.Gzip(NiftiTestFiles.Image(100, 100, 50, 1, _ => 0)));
        var before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<DatasetImportException>(() => store.Import(request));
        // 500,000 float voxels would be 2 MB; only the header was read.
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 1 << 20);
        Assert.Contains("big.nii.gz", error.Message);
        Assert.Contains("Lab:Datasets:MaxImageValues", error.Message);
        AssertNothingStored(store);
    }

    [Fact]
    public void Damaged_voxels_on_disk_are_an_error_not_a_different_volume()
    {
        var store = OpenStore();
        var info = store.Import(ImageOnly("scan.nii", NiftiTestFiles.Image(X, Y, Z)));
        CloseStores();
        var path = Path.Combine(data.Path, "datasets", info.Id, DatasetStore.ImageFileName);
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
        var root = Path.Combine(data.Path, "datasets");
        Directory.CreateDirectory(Path.Combine(root, "ds-orphan12345"));                      // renamed, never recorded
        Directory.CreateDirectory(Path.Combine(root, DatasetStore.StagingFolderName, "write-x")); // staging of a crashed write
        Directory.Delete(Path.Combine(root, gone.Id), recursive: true);                      // record without voxels

        var reopened = OpenStore();
        Assert.Equal([kept.Id], reopened.List().Where(d => !d.BuiltIn).Select(d => d.Id));
        Assert.False(Directory.Exists(Path.Combine(root, "ds-orphan12345")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(root, DatasetStore.StagingFolderName)));
        Assert.Throws<DatasetNotFoundException>(() => reopened.Load(gone.Id));
    }

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
        var options = Options.Create(new LabOptions { DataDirectory = data.Path });
        using (var database = new LabDatabase(options, NullLogger<LabDatabase>.Instance))
        {
            var records = database.Collection(DatasetStore.CollectionName);
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

    [Fact]
    public void Cache_keeps_volumes_within_its_capacity_dropping_the_least_recently_used()
    {
        var volume = new LabeledVolume("v", new VolumeShape(2, 2, 2), 1, new float[8], new byte[8]);
        var size = VolumeCache.SizeOf(volume); // 8 floats + 8 labels = 40 bytes
        var cache = new VolumeCache(2 * size);
        cache.Add("a", volume);
        cache.Add("b", volume);
        Assert.True(cache.TryGet("a", out _));
        cache.Add("c", volume);
        Assert.True(cache.TryGet("a", out _));
        Assert.False(cache.TryGet("b", out _));
        Assert.Equal(2 * size, cache.Bytes);
        var large = new LabeledVolume("w", new VolumeShape(4, 4, 4), 1, new float[64], new byte[64]);
        cache.Add("d", large);
        Assert.False(cache.TryGet("d", out _));
    }

    private DatasetImportRequest ImageOnly(string name, byte[] bytes) =>
        new() { Image = File(Path.GetFileName(name), bytes) with { FileName = name } };

    private DatasetImportRequest WithLabels(byte[] labels, string kind, string? unlabeled = null) =>
        Request(NiftiTestFiles.Image(X, Y, Z), ("labels.nii", labels), kind, unlabeled);

    private DatasetImportRequest Request(byte[] image, (string Name, byte[] Bytes)? labels, string? kind, string? unlabeled = null) => new()
    {
        Image = File("image.nii", image),
        Labels = labels is { } l ? File(Path.GetFileName(l.Name.Replace('\\', '/')), l.Bytes) with { FileName = l.Name } : null,
        LabelKind = kind,
        UnlabeledValue = unlabeled,
    };

    private void AssertNothingStored(DatasetStore store)
    {
        Assert.DoesNotContain(store.List(), d => !d.BuiltIn);
        var root = Path.Combine(data.Path, "datasets");
        Assert.DoesNotContain(Directory.EnumerateDirectories(root), d => !Path.GetFileName(d).StartsWith('.'));
        var staging = Path.Combine(root, DatasetStore.StagingFolderName);
        Assert.True(!Directory.Exists(staging) || !Directory.EnumerateFileSystemEntries(staging).Any());
    }

    private static (int Width, int Height) PngSize(byte[] png)
    {
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0d, 0x0a, 0x1a, 0x0a], png[..8]);
        return (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
    }

    /// <summary>The documented content hash, computed independently of the store's code.</summary>
    private static string ExpectedSha256(int x, int y, int z, int channels, float[] image, byte[] labels)
    {
        var bytes = new List<byte>();
        foreach (var n in new[] { x, y, z, channels }) bytes.AddRange(BitConverter.GetBytes(n));
        foreach (var v in image) bytes.AddRange(BitConverter.GetBytes(v));
        bytes.AddRange(labels);
        return Convert.ToHexStringLower(SHA256.HashData(bytes.ToArray()));
    }
}
