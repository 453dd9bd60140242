using UNet3D.Lab.Experiments.Data.Formats;
using UNet3D.Lab.Silo.Datasets;
using UNet3D.Lab.Tests.Shared;

namespace UNet3D.Lab.Silo.Tests;

/// <summary>Imports the store refuses: each names the field and the file at fault, and nothing of it is stored.</summary>
public sealed class DatasetImportRefusalTests : DatasetStoreTest
{
    public static TheoryData<string, string, Func<DatasetImportRefusalTests, DatasetImportRequest>> BadInputs => new()
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
    public void Bad_input_is_refused_naming_field_and_file_and_stores_nothing(string problem, string field, Func<DatasetImportRefusalTests, DatasetImportRequest> request)
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
}
