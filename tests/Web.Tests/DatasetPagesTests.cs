using System.Net;
using Bunit;
using Microsoft.AspNetCore.Components.Forms;
using UNet3D.Lab.Experiments.Data;
using UNet3D.Lab.Experiments.Data.Formats;
using UNet3D.Lab.Experiments.Runs;
using UNet3D.Lab.Silo.Datasets;
using UNet3D.Lab.Silo.Models;
using UNet3D.Lab.Tests.Shared;
using UNet3D.Lab.Web.Components.Pages;

namespace UNet3D.Lab.Web.Tests;

public sealed class DatasetPagesTests(LabFixture lab) : LabComponentTest(lab)
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(4); // the shared lab's queue may hold other tests' runs first

    private async Task WaitForBuiltIns()
    {
        using var timeout = new CancellationTokenSource(Patience);
        while ((await Lab.Datasets.List()).Any(d => !d.IsReady && BuiltInPhantoms.StartupIds.Contains(d.Id))) await Task.Delay(100, timeout.Token);
    }

    [Fact]
    public async Task Datasets_page_lists_the_built_in_phantom_with_thumbnails_that_load()
    {
        await WaitForBuiltIns();
        var page = Render<DatasetsPage>();
        page.WaitForAssertion(() => Assert.Equal(9, page.FindAll("[data-testid=built-in]").Count));
        var rows = page.FindAll("[data-testid=datasets-table] tbody tr");
        Assert.Contains(rows, r => r.TextContent.Contains("phantom-cpu-s1") && r.TextContent.Contains("96x96x32") && r.TextContent.Contains("1.76 × 1.76 × 2.04 µm"));
        // The paper-sized samples wait for their first use.
        Assert.Equal(3, page.FindAll("[data-testid=pending]").Count);
        Assert.All(page.FindAll("[data-testid=pending]"), chip => Assert.Contains("generated on first use", chip.TextContent));

        var thumbnails = page.FindAll("img[data-testid^=thumbnail-]").Where(t => t.GetAttribute("src")!.Contains("/phantom-", StringComparison.Ordinal)).ToArray();
        Assert.Equal(6 * 3, thumbnails.Length);
        using var http = Lab.CreateClient();
        foreach (var src in thumbnails.Select(t => t.GetAttribute("src")!).Where(s => s.Contains("phantom-tiny-s2")))
        {
            var response = await http.GetAsync(src);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("image/png", response.Content.Headers.ContentType!.MediaType);
        }
    }

    [Fact]
    public async Task Import_form_stores_an_upload_and_lists_it()
    {
        var page = Render<DatasetsPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=datasets-table]")));
        var uploads = page.FindComponents<InputFile>();
        uploads[0].UploadFiles(InputFileContent.CreateFromBinary(NiftiTestFiles.Image(7, 6, 5, 3), "from the page.nii", contentType: "application/octet-stream"));
        uploads[1].UploadFiles(InputFileContent.CreateFromBinary(NiftiTestFiles.Labels(7, 6, 5, i => i % 3), "page_labels.nii", contentType: "application/octet-stream"));
        InputOf(page, "import-name").Change("page import");
        page.Find("[data-testid=import]").Click();

        page.WaitForAssertion(() => Assert.Contains("page import", page.Find("[data-testid=imported]").TextContent), Patience);
        var stored = (await Lab.Datasets.List()).Single(d => d.Name == "page import");
        Assert.Equal((7, 6, 5, 3, DatasetLabelKind.Dense), (stored.X, stored.Y, stored.Z, stored.Channels, stored.LabelKind));
        page.WaitForAssertion(() => Assert.Contains(page.FindAll("[data-testid=datasets-table] tbody tr"), r => r.TextContent.Contains(stored.Id)));
    }

    [Fact]
    public async Task Import_form_names_field_and_file_of_a_bad_upload_and_stores_nothing()
    {
        var before = (await Lab.Datasets.List()).Count;
        var page = Render<DatasetsPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=datasets-table]")));
        page.FindComponents<InputFile>()[0].UploadFiles(InputFileContent.CreateFromBinary(
            NiftiTestFiles.WithMagic(NiftiTestFiles.Image(4, 4, 4), "bad\0"), "broken.nii", contentType: "application/octet-stream"));
        page.Find("[data-testid=import]").Click();

        page.WaitForAssertion(() => Assert.StartsWith("image: broken.nii: magic", page.Find("[data-testid=import-error]").TextContent.Trim()), Patience);
        Assert.Equal(before, (await Lab.Datasets.List()).Count);
        Assert.Empty(page.FindAll("[data-testid=imported]"));
    }

    [Fact]
    public async Task Dataset_page_shows_shape_statistics_and_large_thumbnails_with_labels()
    {
        await using var upload = Lab.Datasets.BeginUpload();
        await upload.Send("image", "detail.nii", new MemoryStream(NiftiTestFiles.Image(8, 6, 4, 1, i => i % 10, (2, 2, 2.2), SpatialUnit.Millimeter)));
        await upload.Send("labels", "detail_labels.nii", new MemoryStream(NiftiTestFiles.Labels(8, 6, 4, i => i < 48 ? 1 : 3)));
        var info = await upload.Import("detail", "sparse", "3");

        var page = Render<DatasetPage>(p => p.Add(x => x.Id, info.Id));
        page.WaitForAssertion(() => Assert.Equal("detail", page.Find("#page-title").TextContent));
        var facts = page.Find("[data-testid=dataset-facts]").TextContent;
        Assert.Contains("8 × 6 × 4", facts);
        Assert.Contains("2 × 2 × 2.2 mm", facts);
        Assert.Contains("sparse (25.0% labelled)", facts);
        Assert.Contains("detail_labels.nii", facts);
        Assert.Contains(info.Sha256!, facts);
        Assert.Contains("9", page.Find("[data-testid=channel-stats]").TextContent);
        Assert.Equal($"/api/datasets/{info.Id}/thumbnail/y.png", page.Find("img[data-testid=thumbnail-y]").GetAttribute("src"));
        Assert.Equal($"/api/datasets/{info.Id}/labels/y.png", page.Find("img[data-testid=labels-y]").GetAttribute("src"));
        Assert.EndsWith($"/datasets/{info.Id}", InputOf(page, "share-link").GetAttribute("value"));
    }

    [Fact]
    public void Unknown_dataset_says_so_and_a_pending_built_in_offers_to_generate()
    {
        var missing = Render<DatasetPage>(p => p.Add(x => x.Id, "ds-doesnotexist"));
        missing.WaitForAssertion(() => Assert.Contains("ds-doesnotexist", missing.Find("[data-testid=not-found]").TextContent));
        var paper = Render<DatasetPage>(p => p.Add(x => x.Id, "phantom-paper-s3"));
        paper.WaitForAssertion(() => Assert.NotNull(paper.Find("[data-testid=generate]")));
        Assert.Contains("246 × 244 × 59", paper.Find("[data-testid=dataset-facts]").TextContent);
        Assert.Contains("1.76 × 1.76 × 2.04 µm", paper.Find("[data-testid=dataset-facts]").TextContent);
    }

    [Fact]
    public async Task Experiment_page_shows_the_datasets_it_used()
    {
        var experiment = await Lab.Experiments.Create(new ExperimentSpec
        {
            Name = "with datasets", Model = ModelKind.ThreeD, Iterations = 2,
            Datasets = [new DatasetSelection("phantom-tiny-s1", [1, 0, 1])],
            TestDatasets = [new DatasetSelection("phantom-tiny-s3")],
        });
        var page = Render<ExperimentPage>(p => p.Add(x => x.Id, experiment.Id));
        page.WaitForAssertion(() => Assert.Contains("phantom-tiny-s1 (1, 0, 1 slices)", page.Find("[data-testid=datasets]").TextContent));
        Assert.Equal("/datasets/phantom-tiny-s3", page.Find("[data-testid=test-datasets] a").GetAttribute("href"));

        var plain = await Lab.Experiments.Create(new ExperimentSpec { Name = "phantom", Model = ModelKind.ThreeD, Iterations = 2 });
        var other = Render<ExperimentPage>(p => p.Add(x => x.Id, plain.Id));
        other.WaitForAssertion(() => Assert.Contains("'smoke' preset's phantom", other.Find("[data-testid=datasets]").TextContent));
    }

    [Fact]
    public async Task New_experiment_form_trains_on_chosen_datasets_and_refuses_mixed_channel_counts()
    {
        await using var upload = Lab.Datasets.BeginUpload();
        await upload.Send("image", "gray.nii", new MemoryStream(NiftiTestFiles.Image(30, 30, 20, 1)));
        await upload.Send("labels", "gray_labels.nii", new MemoryStream(NiftiTestFiles.Labels(30, 30, 20, i => i % 3)));
        var gray = await upload.Import("gray", "dense", null);

        var navigation = Navigation;
        var form = Render<NewExperimentPage>();
        var selects = form.FindComponents<MudBlazor.MudSelect<string>>();
        var training = selects.Single(s => s.Markup.Contains("data-testid=\"datasets\"", StringComparison.Ordinal));
        var testing = selects.Single(s => s.Markup.Contains("data-testid=\"test-datasets\"", StringComparison.Ordinal));
        await form.InvokeAsync(() => training.Instance.SelectOption("phantom-tiny-s1"));
        await form.InvokeAsync(() => testing.Instance.SelectOption(gray.Id));
        form.Find("[data-testid=start]").Click();
        form.WaitForAssertion(() => Assert.Contains($"'{gray.Id}' has 1 channel(s) but 'phantom-tiny-s1' has 3", form.Markup));
        Assert.DoesNotContain("/experiments/exp-", navigation.Uri);

        await form.InvokeAsync(() => testing.Instance.SelectOption(gray.Id)); // chosen again: deselected
        await form.InvokeAsync(() => testing.Instance.SelectOption("phantom-tiny-s3"));
        form.Find("[data-testid=start]").Click();
        form.WaitForAssertion(() => Assert.Matches("/experiments/exp-[a-z0-9]+$", navigation.Uri));
        var created = await Lab.Experiments.Get(navigation.Uri[(navigation.Uri.LastIndexOf('/') + 1)..]);
        Assert.Equal(["phantom-tiny-s1"], created!.Config.Datasets!.Select(d => d.Id));
        Assert.Equal(["phantom-tiny-s3"], created.Config.TestDatasets!.Select(d => d.Id));
    }
}
