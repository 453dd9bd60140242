using UNet3D.Lab.Silo.Commands;
using UNet3D.Lab.Tests.Shared;

namespace UNet3D.Lab.Silo.Tests;

public sealed class DatasetStoreCommandsTests : IDisposable
{
    private readonly TemporaryDirectory folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void Import_prints_the_id_and_list_shows_the_dataset_next_to_the_built_in_ones()
    {
        var data = Path.Combine(folder.Path, "data");
        var image = Path.Combine(folder.Path, "scan.nii");
        var labels = Path.Combine(folder.Path, "scan_labels.nii.gz");
        File.WriteAllBytes(image, NiftiTestFiles.Image(6, 5, 4, 2));
        File.WriteAllBytes(labels, NiftiTestFiles.Gzip(NiftiTestFiles.Labels(6, 5, 4, i => i % 2 == 0 ? 1 : 255)));

        using var output = new StringWriter();
        Assert.Equal(0, DataCommand.Run(["import", "--image", image, "--labels", labels, "--label-kind", "sparse", "--unlabeled", "255",
            "--name", "my scan", "--data-dir", data], output));
        var id = output.ToString().Trim();
        Assert.Matches("^ds-[a-z0-9]{10}$", id);
        Assert.True(File.Exists(Path.Combine(data, "datasets", id, "image.f32")));

        using var list = new StringWriter();
        Assert.Equal(0, DataCommand.Run(["list", "--data-dir", data], list));
        var lines = list.ToString().Split('\n').Select(l => l.TrimEnd()).ToArray();
        Assert.Contains(lines, l => l.StartsWith(id, StringComparison.Ordinal) && l.Contains("6x5x4") && l.Contains("sparse") && l.Contains(" 60  my scan"));
        Assert.Contains(lines, l => l.StartsWith("phantom-paper-s1", StringComparison.Ordinal) && l.Contains("generated on first use"));
    }

    [Fact]
    public void Refused_import_names_the_option_and_the_file_and_stores_nothing()
    {
        var data = Path.Combine(folder.Path, "data");
        var image = Path.Combine(folder.Path, "broken.nii");
        File.WriteAllBytes(image, NiftiTestFiles.WithMagic(NiftiTestFiles.Image(3, 3, 3), "abc\0"));
        var error = Assert.Throws<ArgumentException>(() => DataCommand.Run(["import", "--image", image, "--data-dir", data], TextWriter.Null));
        Assert.StartsWith("--image: broken.nii: magic", error.Message);
        Assert.DoesNotContain(Directory.EnumerateDirectories(Path.Combine(data, "datasets")), d => !Path.GetFileName(d).StartsWith('.'));
        Assert.Contains("--image", Assert.Throws<ArgumentException>(() => DataCommand.Run(["import", "--data-dir", data], TextWriter.Null)).Message);
    }
}
