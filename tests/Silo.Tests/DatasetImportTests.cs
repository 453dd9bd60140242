using System.Buffers.Binary;
using System.Security.Cryptography;
using UNet3D.Lab.Experiments.Data;
using UNet3D.Lab.Experiments.Data.Formats;
using UNet3D.Lab.Silo.Datasets;
using UNet3D.Lab.Tests.Shared;

namespace UNet3D.Lab.Silo.Tests;

/// <summary>Imports that succeed: exact voxels, spacing, statistics, hash and thumbnails, from each file format, dense, sparse or without labels.</summary>
public sealed class DatasetImportTests : DatasetStoreTest
{
    private static float ImageValue(int i) => MathF.Sin(i * 0.37f) * 100 + i * 0.25f;

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

        var folder = Path.Combine(InboxPath, "formats");
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
