using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace UNet3D.Lab.Browser.Tests;

/// <summary>
/// The NiiVue viewer in Chromium's software WebGL: it draws the volumes the lab serves, with their label maps, a run's
/// prediction and errors, and keeps its view in the page's URL.
/// </summary>
[Collection(LabInTheBrowserCollection.Name)]
public sealed class ViewerInTheBrowserTests(LabInTheBrowser lab)
{
    private const string Canvas = "[data-testid=viewer-canvas]";

    // The viewer's colours (wwwroot/volumeViewer.js) as they show at overlay opacity 1.
    private static readonly int[] Tubule = [233, 30, 99];
    private static readonly int[] Background = [33, 150, 243];
    private static readonly int[] FalsePositive = [255, 61, 0];
    private static readonly int[] FalseNegative = [0, 229, 255];

    [ChromiumFact]
    public async Task Dataset_page_draws_the_phantom_with_its_labels_and_a_link_restores_the_view()
    {
        var page = await lab.NewPage();
        await page.GotoAsync($"{lab.BaseUrl}/datasets/phantom-tiny-s1?opacity=1");
        await WaitUntilDrawn(page);

        Assert.True(await Lit(page) > 10_000, "the canvas is (nearly) black");
        // At opacity 1 the tubule and background classes show in their own colours, unblended.
        Assert.True(await PixelsOf(page, Tubule) > 100, "no pixel shows the tubule colour");
        Assert.True(await PixelsOf(page, Background) > 1_000, "no pixel shows the background colour");
        var legend = page.GetByTestId("viewer-legend");
        await Assertions.Expect(legend).ToContainTextAsync("0 inside tubule");
        await Assertions.Expect(legend).ToContainTextAsync("1 tubule");
        await Assertions.Expect(legend).ToContainTextAsync("2 background");

        await page.GetByTestId("view-axial").ClickAsync();
        await Assertions.Expect(page.Locator(Canvas)).ToHaveAttributeAsync("data-view", "axial");
        await page.WaitForFunctionAsync("() => location.search.includes('view=axial')");
        var axialUrl = page.Url;
        Assert.Contains("opacity=1", axialUrl);
        await page.Locator("[data-testid=volume-viewer]").ScreenshotAsync(new() { Path = Screenshot("viewer-dataset-axial.png") });

        // The 3D render draws too.
        await page.GetByTestId("view-render").ClickAsync();
        await page.WaitForFunctionAsync("() => location.search.includes('view=render')");
        Assert.True(await Lit(page) > 1_000, "the 3D render is (nearly) black");
        await page.Locator("[data-testid=volume-viewer]").ScreenshotAsync(new() { Path = Screenshot("viewer-dataset-3d.png") });

        // The link restores the view: a fresh browser opens the axial view at opacity 1.
        var colleague = await lab.NewPage();
        await colleague.GotoAsync(axialUrl);
        await WaitUntilDrawn(colleague);
        await Assertions.Expect(colleague.Locator(Canvas)).ToHaveAttributeAsync("data-view", "axial");
        await Assertions.Expect(colleague.GetByTestId("view-axial")).ToHaveAttributeAsync("aria-pressed", "true");
        await Assertions.Expect(colleague.Locator(Canvas)).ToHaveAttributeAsync("data-opacity", "1");
        await Assertions.Expect(colleague.GetByTestId("viewer-opacity")).ToHaveValueAsync("1");
    }

    [ChromiumFact]
    public async Task Viewer_fits_a_phone_and_a_wide_screen()
    {
        foreach (var width in new[] { 390, 1920 })
        {
            var page = await lab.NewPage(width, 900);
            await page.GotoAsync($"{lab.BaseUrl}/datasets/phantom-tiny-s2?view=multi");
            await WaitUntilDrawn(page);
            var canvas = (await page.Locator(Canvas).BoundingBoxAsync())!;
            Assert.InRange(canvas.X, 0, width);
            Assert.InRange(canvas.X + canvas.Width, canvas.X + 200, width);
            Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), $"the page scrolls sideways at {width} px");
            Assert.True(await Lit(page) > 1_000, $"the canvas is (nearly) black at {width} px");
            await page.ScreenshotAsync(new() { Path = Screenshot($"viewer-dataset-{width}.png"), FullPage = true });
        }
    }

    [ChromiumFact]
    public async Task Run_page_shows_the_prediction_its_errors_and_the_taught_planes_and_serves_the_prediction()
    {
        var id = await lab.CreateExperiment("viewer run", iterations: 20);
        await WaitForCompleted(id);

        var page = await lab.NewPage();
        await page.GotoAsync($"{lab.BaseUrl}/experiments/{id}?dataset=phantom-tiny-s2&view=axial&opacity=1");
        await WaitUntilDrawn(page);

        // Image, prediction, errors and taught planes.
        await Assertions.Expect(page.Locator(Canvas)).ToHaveAttributeAsync("data-volumes", "4");
        var legend = page.GetByTestId("viewer-legend");
        await Assertions.Expect(legend).ToContainTextAsync("false positive tubule");
        await Assertions.Expect(legend).ToContainTextAsync("false negative tubule");
        await Assertions.Expect(legend).ToContainTextAsync("taught planes: x 11, x 35, y 12, y 36, z 5, z 16");
        Assert.True(await Lit(page) > 10_000, "the canvas is (nearly) black");
        // A 20-step network errs somewhere on the middle slice; the errors draw over the prediction.
        Assert.True(await PixelsOf(page, FalsePositive) + await PixelsOf(page, FalseNegative) > 100, "no error is drawn");
        Assert.True(await PixelsOf(page, Background) > 1_000, "the prediction's background class is not drawn");
        await page.Locator("[data-testid=volume-viewer]").ScreenshotAsync(new() { Path = Screenshot("viewer-run-prediction.png") });

        // Another measured dataset opens from its button and goes into the URL.
        await page.GetByTestId("viewer-dataset-phantom-tiny-s3").ClickAsync();
        await page.WaitForFunctionAsync("() => location.search.includes('dataset=phantom-tiny-s3')");
        await Assertions.Expect(page.Locator(Canvas)).ToHaveAttributeAsync("data-dataset", "phantom-tiny-s3");
        await WaitUntilDrawn(page);

        var download = await page.GetByTestId("download-overlay").GetAttributeAsync("href");
        Assert.Equal($"/api/experiments/{id}/predictions/phantom-tiny-s3.nii.gz", download);
        var response = await page.APIRequest.GetAsync($"{lab.BaseUrl}{download}");
        Assert.Equal(200, response.Status);
        var body = await response.BodyAsync();
        Assert.True(body.Length > 100 && body[0] == 0x1f && body[1] == 0x8b, "the prediction download is not gzip");
    }

    internal static async Task WaitUntilDrawn(IPage page)
    {
        await LabInTheBrowser.WaitUntilInteractive(page);
        await page.Locator($"{Canvas}[data-loaded=true]").WaitForAsync(new() { Timeout = 60_000 });
    }

    internal static Task<int> Lit(IPage page) =>
        page.EvaluateAsync<int>($"async () => (await import('/volumeViewer.js')).litPixels(document.querySelector('{Canvas}'))");

    internal static Task<int> PixelsOf(IPage page, int[] colour) =>
        page.EvaluateAsync<int>(
            $"async colour => (await import('/volumeViewer.js')).pixelsOfColour(document.querySelector('{Canvas}'), colour, 12)", colour);

    private async Task WaitForCompleted(string id)
    {
        using var http = new HttpClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        while (true)
        {
            var status = (await http.GetFromJsonAsync<JsonElement>($"{lab.BaseUrl}/api/experiments/{id}", timeout.Token)).GetProperty("status").GetString();
            if (status == "completed") return;
            Assert.True(status is "queued" or "running", $"experiment {id} ended {status}");
            await Task.Delay(500, timeout.Token);
        }
    }

    internal static string Screenshot(string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name);
    }
}
