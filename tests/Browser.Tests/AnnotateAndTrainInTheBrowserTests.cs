using System.Diagnostics;
using System.IO.Compression;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace UNet3D.Lab.Browser.Tests;

/// <summary>
/// The paper's loop in the browser, against the real annotation API: import a volume without labels, paint two slices,
/// "Train on my slices" at smoke, see the dense prediction in the viewer, download it, and queue the next round.
/// </summary>
[Collection(LabInTheBrowserCollection.Name)]
public sealed partial class AnnotateAndTrainInTheBrowserTests(LabInTheBrowser lab, ITestOutputHelper output)
{
    private const string Canvas = "[data-testid=viewer-canvas]";

    [ChromiumFact]
    public async Task Researcher_paints_two_slices_trains_on_them_sees_the_prediction_and_downloads_it()
    {
        var datasetId = await PaintingInTheBrowserTests.ImportWithoutLabels(lab, "annotated in the browser");
        var page = await lab.NewPage();
        await page.GotoAsync($"{lab.BaseUrl}/datasets/{datasetId}?view=axial");
        await ViewerInTheBrowserTests.WaitUntilDrawn(page);

        // Slice z 12: background around, tubule on a bright blob near the centre (the brush is 3 voxels wide).
        await page.GetByTestId("start-painting").ClickAsync();
        await Assertions.Expect(page.GetByTestId("painting-slice")).ToHaveTextAsync("painting slice 12 along z");
        var click = await PaintingInTheBrowserTests.VoxelClicker(page, 48);
        await PaintingInTheBrowserTests.ChoosePen(page, "pen-2");
        foreach (var (di, dj) in new[] { (-18, -18), (-9, -18), (0, -18), (9, -18), (18, -18), (-18, 18), (0, 18), (18, 18) }) await click(di, dj);
        await PaintingInTheBrowserTests.ChoosePen(page, "pen-1");
        foreach (var (di, dj) in new[] { (-12, 7), (-11, 7), (-12, 6) }) await click(di, dj);
        await PaintingInTheBrowserTests.ChoosePen(page, "pen-0");
        await click(-12, 9);
        await page.GetByTestId("save-slice").ClickAsync();
        await Assertions.Expect(page.GetByTestId("painter-message")).ToContainTextAsync("Saved slice z 12");

        // Slice y 24 (the coronal view): a few strokes of background and tubule.
        await page.GetByTestId("axis-y").ClickAsync();
        await Assertions.Expect(page.GetByTestId("painting-slice")).ToHaveTextAsync("painting slice 24 along y");
        click = await PaintingInTheBrowserTests.VoxelClicker(page, 48);
        await PaintingInTheBrowserTests.ChoosePen(page, "pen-2");
        foreach (var (di, dj) in new[] { (-15, 0), (15, 0), (-15, 5), (15, -5) }) await click(di, dj);
        await PaintingInTheBrowserTests.ChoosePen(page, "pen-1");
        await click(0, 0);
        await page.GetByTestId("save-slice").ClickAsync();
        await Assertions.Expect(page.GetByTestId("painter-message")).ToContainTextAsync("Saved slice y 24");
        await page.Locator("[data-testid=volume-viewer]").ScreenshotAsync(new() { Path = ViewerInTheBrowserTests.Screenshot("annotate-two-slices.png") });

        using var http = new HttpClient();
        var listed = await http.GetFromJsonAsync<JsonElement>($"{lab.BaseUrl}/api/datasets/{datasetId}/annotations");
        Assert.Equal(["y 24", "z 12"], listed.GetProperty("items").EnumerateArray()
            .Select(i => $"{i.GetProperty("axis").GetString()} {i.GetProperty("index").GetInt32()}").Order());

        var clock = Stopwatch.StartNew();
        await page.GetByTestId("train-preset-smoke").ClickAsync();
        await page.GetByTestId("train-on-slices").ClickAsync();
        await page.WaitForURLAsync(ExperimentUrl(), new() { Timeout = 30_000 });
        var runId = page.Url.Split('/')[^1].Split('?')[0];
        await Assertions.Expect(page.GetByTestId("status")).ToHaveTextAsync("completed", new() { Timeout = 300_000 });
        await page.Locator($"{Canvas}[data-loaded=true]").WaitForAsync(new() { Timeout = 120_000 });
        clock.Stop();
        output.WriteLine($"Train on my slices -> prediction overlay drawn: {clock.Elapsed.TotalSeconds:F1} s (run {runId}, smoke)");
        await File.WriteAllTextAsync(ViewerInTheBrowserTests.Screenshot("train-on-my-slices-seconds.txt"), $"{clock.Elapsed.TotalSeconds:F1}\n");

        Assert.Equal(datasetId, await page.Locator(Canvas).GetAttributeAsync("data-dataset"));
        // The image and the prediction over it (and the errors and taught planes where the labels allow).
        Assert.InRange(int.Parse((await page.Locator(Canvas).GetAttributeAsync("data-volumes"))!), 2, 4);
        await Assertions.Expect(page.GetByTestId("viewer-legend")).ToContainTextAsync("1 tubule");
        Assert.True(await ViewerInTheBrowserTests.Lit(page) > 10_000, "the canvas is (nearly) black");
        await page.Locator("[data-testid=volume-viewer]").ScreenshotAsync(new() { Path = ViewerInTheBrowserTests.Screenshot("trained-on-my-slices.png") });

        // The dense prediction, downloaded as the page links it: a gzip'd NIfTI-1 of the volume's 48 × 48 × 24 grid.
        var href = await page.GetByTestId("download-overlay").GetAttributeAsync("href");
        Assert.Equal($"/api/experiments/{runId}/predictions/{datasetId}.nii.gz", href);
        var download = await page.APIRequest.GetAsync($"{lab.BaseUrl}{href}");
        Assert.Equal(200, download.Status);
        using var nifti = new MemoryStream();
        using (var gzip = new GZipStream(new MemoryStream(await download.BodyAsync()), CompressionMode.Decompress)) gzip.CopyTo(nifti);
        var header = nifti.ToArray();
        Assert.Equal(348, BitConverter.ToInt32(header, 0));
        Assert.Equal(new short[] { 3, 48, 48, 24 }, Enumerable.Range(0, 4).Select(d => BitConverter.ToInt16(header, 40 + 2 * d)));
        Assert.Equal(48 * 48 * 24, header.Length - (int)BitConverter.ToSingle(header, 108));

        // Correct and retrain: the next round is a run of its own.
        await page.GetByTestId("correct-and-retrain").ClickAsync();
        await page.WaitForURLAsync(new Regex($"/experiments/(?!{runId})exp-[a-z0-9]+$"), new() { Timeout = 30_000 });
    }

    [GeneratedRegex("/experiments/exp-[a-z0-9]+$")]
    private static partial Regex ExperimentUrl();
}
