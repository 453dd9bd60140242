using UNet3D.Lab.Experiments.Data;
using UNet3D.Lab.Silo.Datasets;
using UNet3D.Lab.Silo.Grains;
using UNet3D.Lab.Tests.Shared;

namespace UNet3D.Lab.Silo.Tests;

/// <summary>Uploads through the upload grain, in chunks of at most 1 MiB, as the web app sends them.</summary>
public sealed class DatasetUploadGrainTests(DatasetGrainCluster lab) : IClassFixture<DatasetGrainCluster>
{
    private const int Chunk = IDatasetUploadGrain.MaxChunkBytes;

    private IDatasetUploadGrain NewUpload() => lab.Client.GetGrain<IDatasetUploadGrain>(Guid.NewGuid());

    /// <summary>Sends <paramref name="bytes"/> in chunks of <paramref name="chunk"/> bytes; the first problem, or null.</summary>
    private static async Task<DatasetImportProblem?> Send(IDatasetUploadGrain upload, string field, string fileName, byte[] bytes, int chunk = Chunk)
    {
        var offset = 0;
        do
        {
            var part = bytes[offset..Math.Min(bytes.Length, offset + chunk)];
            if (await upload.Append(field, fileName, part) is { } problem) return problem;
            offset += part.Length;
        }
        while (offset < bytes.Length);
        return null;
    }

    [Fact]
    public async Task An_upload_in_chunks_is_imported_with_exact_voxels()
    {
        // 64 × 64 × 80 float32 voxels: 1.25 MiB, two chunks; the labels in chunks of 100 kB.
        var (x, y, z) = (64, 64, 80);
        var image = NiftiTestFiles.Image(x, y, z, 1, i => (i % 1000) * 0.5f);
        var labels = NiftiTestFiles.Labels(x, y, z, i => i % 3);
        var upload = NewUpload();
        Assert.Null(await Send(upload, "image", "big scan.nii", image));
        Assert.Null(await Send(upload, "labels", "big scan_labels.nii", labels, chunk: 100_000));
        var outcome = await upload.Import("chunked", "dense", null);

        Assert.Null(outcome.Problem);
        var info = outcome.Dataset!;
        Assert.Equal(("chunked", x, y, z, DatasetLabelKind.Dense), (info.Name, info.X, info.Y, info.Z, info.LabelKind));
        Assert.Equal([image.LongLength, labels.LongLength], info.Files.Select(f => f.Bytes));
        var stored = lab.Store.Load(info.Id);
        var voxels = x * y * z;
        Assert.Equal(Enumerable.Range(0, voxels).Select(i => (i % 1000) * 0.5f), stored.Image);
        Assert.Equal(Enumerable.Range(0, voxels).Select(i => (byte)(i % 3)), stored.Labels);
        Assert.Equal(info.Sha256, (await lab.Catalog.Find(info.Id))!.Sha256);
        Assert.Contains(info.Id, await lab.ImportedIds());
    }

    [Fact]
    public async Task A_refused_import_names_field_and_file_and_leaves_nothing_stored()
    {
        var before = await lab.ImportedIds();
        var upload = NewUpload();
        Assert.Null(await Send(upload, "image", "scan.nii", NiftiTestFiles.Image(6, 5, 4, 2), chunk: 500));
        Assert.Null(await Send(upload, "labels", "scan_labels.nii", NiftiTestFiles.Labels(6, 5, 4, i => i == 7 ? 9 : 1)));
        var outcome = await upload.Import(null, "dense", null);

        Assert.Null(outcome.Dataset);
        var problem = outcome.Problem!;
        Assert.Equal("labels", problem.Field);
        Assert.False(problem.TooLarge);
        Assert.Contains("scan_labels.nii", problem.Message);
        Assert.Contains("(x=1, y=1, z=0) = 9", problem.Message);
        await lab.AssertNothingStored(before);
    }

    [Fact]
    public async Task An_upload_over_the_limit_is_refused_as_too_large_naming_field_and_file_and_nothing_is_kept()
    {
        var before = await lab.ImportedIds();
        var upload = NewUpload();
        var problem = await Send(upload, "image", "huge.nii", new byte[DatasetGrainCluster.UploadLimit + 1]);

        Assert.NotNull(problem);
        Assert.True(problem.TooLarge);
        Assert.Equal("image", problem.Field);
        Assert.Contains("image file 'huge.nii'", problem.Message);
        Assert.Contains($"Lab:Datasets:MaxUploadBytes = {DatasetGrainCluster.UploadLimit}", problem.Message);
        // Once refused, the upload answers every call with the same refusal and imports nothing.
        Assert.Equal(problem, await upload.Append("image", "huge.nii", [1, 2, 3]));
        Assert.Equal(problem, (await upload.Import("huge", null, null)).Problem);
        await lab.AssertNothingStored(before);
    }

    [Theory]
    [InlineData("image", "../x.nii", "contains a path")]
    [InlineData("labels", "dir/labels.nii", "contains a path")]
    [InlineData("colour", "red.nii", "is not a file field")]
    public async Task A_bad_file_name_or_field_is_refused_before_anything_is_written(string field, string fileName, string expected)
    {
        var before = await lab.ImportedIds();
        var problem = await NewUpload().Append(field, fileName, NiftiTestFiles.Image(6, 5, 4));
        Assert.NotNull(problem);
        Assert.Equal(field, problem.Field);
        Assert.Contains(expected, problem.Message);
        await lab.AssertNothingStored(before);
    }

    [Fact]
    public async Task A_cancelled_upload_drops_what_was_received()
    {
        var before = await lab.ImportedIds();
        var upload = NewUpload();
        Assert.Null(await upload.Append("image", "scan.nii", NiftiTestFiles.Image(6, 5, 4)));
        var staging = Path.Combine(lab.DatasetsPath, DatasetVolumeFiles.StagingFolderName);
        Assert.Single(Directory.EnumerateDirectories(staging), d => Path.GetFileName(d).StartsWith("upload-", StringComparison.Ordinal));
        await upload.Cancel();
        await lab.AssertNothingStored(before);
    }

    [Fact]
    public async Task A_chunk_over_1_MiB_is_an_error_of_the_caller()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => NewUpload().Append("image", "scan.nii", new byte[Chunk + 1]));
        Assert.Contains("at most 1048576 bytes", error.Message);
    }
}
