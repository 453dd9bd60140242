using UNet3D.Lab.Tests.Shared;

namespace UNet3D.Lab.Silo.Tests;

public sealed class DatasetStoreCommandsTests : IDisposable
{
    private readonly TemporaryDirectory folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task Import_prints_the_id_and_list_shows_the_dataset_next_to_the_built_in_ones()
    {
        var data = Path.Combine(folder.Path, "data");
        var image = Path.Combine(folder.Path, "scan.nii");
        var labels = Path.Combine(folder.Path, "scan_labels.nii.gz");
        File.WriteAllBytes(image, NiftiTestFiles.Image(6, 5, 4, 2));
        File.WriteAllBytes(labels, NiftiTestFiles.Gzip(NiftiTestFiles.Labels(6, 5, 4, i => i % 2 == 0 ? 1 : 255)));

        var import = await CommandLineRun.InvokeAsync("data", "import", "--image", image, "--labels", labels, "--label-kind", "sparse", "--unlabeled", "255",
            "--name", "my scan", "--data-dir", data);
        Assert.Equal(0, import.ExitCode);
        var id = import.Output.Trim();
        Assert.Matches("^ds-[a-z0-9]{10}$", id);
        Assert.True(File.Exists(Path.Combine(data, "datasets", id, "image.f32")));

        var list = await CommandLineRun.InvokeAsync("data", "list", "--data-dir", data);
        Assert.Equal(0, list.ExitCode);
        var lines = list.Output.Split('\n').Select(l => l.TrimEnd()).ToArray();
        Assert.Contains(lines, l => l.StartsWith(id, StringComparison.Ordinal) && l.Contains("6x5x4") && l.Contains("sparse") && l.Contains(" 60  my scan"));
        Assert.Contains(lines, l => l.StartsWith("phantom-paper-s1", StringComparison.Ordinal) && l.Contains("generated on first use"));
    }

    [Fact]
    public async Task Import_takes_the_classes_and_names_the_option_when_they_are_refused()
    {
        var data = Path.Combine(folder.Path, "data");
        var image = Path.Combine(folder.Path, "ball.nii");
        var labels = Path.Combine(folder.Path, "ball_labels.nii");
        File.WriteAllBytes(image, NiftiTestFiles.Image(6, 5, 4));
        File.WriteAllBytes(labels, NiftiTestFiles.Labels(6, 5, 4, i => i % 2));

        var import = await CommandLineRun.InvokeAsync("data", "import", "--image", image, "--labels", labels, "--classes", "[\"outside\",\"ball\"]", "--data-dir", data);
        Assert.Equal(0, import.ExitCode);
        Assert.Matches("^ds-[a-z0-9]{10}$", import.Output.Trim());

        var error = (await CommandLineRun.InvokeAsync("data", "import", "--image", image, "--labels", labels, "--classes", "[\"ball\"]", "--data-dir", data)).SingleErrorLine();
        Assert.StartsWith("error: --classes: classes must list 2 to 16 class names, not 1", error);
    }

    [Fact]
    public async Task Refused_import_names_the_option_and_the_file_and_stores_nothing()
    {
        var data = Path.Combine(folder.Path, "data");
        var image = Path.Combine(folder.Path, "broken.nii");
        File.WriteAllBytes(image, NiftiTestFiles.WithMagic(NiftiTestFiles.Image(3, 3, 3), "abc\0"));
        var error = (await CommandLineRun.InvokeAsync("data", "import", "--image", image, "--data-dir", data)).SingleErrorLine();
        Assert.StartsWith("error: --image: broken.nii: magic", error);
        Assert.DoesNotContain(Directory.EnumerateDirectories(Path.Combine(data, "datasets")), d => !Path.GetFileName(d).StartsWith('.'));
        Assert.Contains("--image", (await CommandLineRun.InvokeAsync("data", "import", "--data-dir", data)).SingleErrorLine());
    }
}
