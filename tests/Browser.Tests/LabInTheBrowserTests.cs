using Microsoft.Playwright;

namespace UNet3D.Lab.Browser.Tests;

/// <summary>What a researcher does in the browser, against the real lab served by Kestrel.</summary>
[Collection(LabInTheBrowserCollection.Name)]
public sealed class LabInTheBrowserTests(LabInTheBrowser lab)
{
    [ChromiumFact]
    public async Task Researcher_starts_an_experiment_watches_the_curve_and_shares_the_result()
    {
        var page = await NewPage();
        await page.GotoAsync($"{lab.BaseUrl}/experiments/new");
        await WaitUntilInteractive(page);

        await Field(page, "name").FillAsync("browser run");
        await Field(page, "iterations").FillAsync("150");
        await Field(page, "iterations").PressAsync("Tab");
        await page.GetByTestId("start").ClickAsync();

        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/experiments/exp-[a-z0-9]+$"));
        var experimentUrl = page.Url;
        await Assertions.Expect(page.Locator("#page-title")).ToHaveTextAsync("browser run");

        // While it trains, the curves are drawn: Plotly has rendered the loss and the learning rate as lines with points in them.
        await Assertions.Expect(page.GetByTestId("status")).ToHaveTextAsync("running", new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("[data-testid=loss-curve] .scatterlayer .trace path.js-line")).ToHaveCountAsync(2, new() { Timeout = 30_000 });
        var pointsWhileRunning = int.Parse(await page.GetByTestId("loss-curve").GetAttributeAsync("data-points") ?? "0");
        Assert.InRange(pointsWhileRunning, 1, 150);

        await Assertions.Expect(page.GetByTestId("status")).ToHaveTextAsync("completed", new() { Timeout = 90_000 });
        await Assertions.Expect(page.GetByTestId("loss-curve")).ToHaveAttributeAsync("data-points", "150");
        // The smoke preset measures the held-out IoU every 50 steps, and the last point is the final metrics.
        await Assertions.Expect(page.GetByTestId("validation-iou")).ToHaveAttributeAsync("data-points", "3");
        await Assertions.Expect(page.GetByTestId("mean-iou")).ToContainTextAsync("Mean IoU (tubule)");
        await Assertions.Expect(page.Locator("[data-testid=sample-iou] .barlayer .point")).ToHaveCountAsync(3, new() { Timeout = 30_000 });
        await page.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "experiment-page.png"), FullPage = true });

        // The link a researcher sends: a fresh browser context (no cookies, no state) shows the same experiment.
        var colleague = await NewPage();
        await colleague.GotoAsync(experimentUrl);
        await Assertions.Expect(colleague.Locator("#page-title")).ToHaveTextAsync("browser run");
        await Assertions.Expect(colleague.GetByTestId("status")).ToHaveTextAsync("completed");
        Assert.Equal(await page.GetByTestId("mean-iou").TextContentAsync(), await colleague.GetByTestId("mean-iou").TextContentAsync());

        // And the list links to it.
        await colleague.GotoAsync($"{lab.BaseUrl}/experiments");
        await colleague.GetByRole(AriaRole.Link, new() { Name = "browser run" }).ClickAsync();
        await Assertions.Expect(colleague).ToHaveURLAsync(experimentUrl);
    }

    [ChromiumFact]
    public async Task Researcher_sees_the_phantom_datasets_and_imports_a_volume_through_the_page()
    {
        var page = await NewPage();
        await page.GotoAsync($"{lab.BaseUrl}/experiments");
        await WaitUntilInteractive(page);
        await page.GetByTestId("nav-datasets").ClickAsync();
        await page.WaitForURLAsync($"{lab.BaseUrl}/datasets");
        await WaitUntilInteractive(page);

        // The tiny and cpu samples are generated when the lab starts; the page follows until their slices are there.
        const string builtIn = "img[data-testid^=thumbnail-][src*='/phantom-']";
        await Assertions.Expect(page.Locator(builtIn)).ToHaveCountAsync(18, new() { Timeout = 90_000 });
        await page.WaitForFunctionAsync(
            $"() => Array.from(document.querySelectorAll(\"{builtIn}\")).every(i => i.complete && i.naturalWidth > 0)", null, new() { Timeout = 30_000 });
        var widths = await page.EvaluateAsync<int[]>($"() => Array.from(document.querySelectorAll(\"{builtIn}\")).map(i => i.naturalWidth)");
        Assert.Contains(96, widths); // the cpu S1 xy plane: 96 voxels across
        await Assertions.Expect(page.GetByTestId("pending")).ToHaveCountAsync(3);

        // Import a small volume with labels through the page's form.
        var folder = Path.Combine(Path.GetTempPath(), "unet3d-lab-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var image = Path.Combine(folder, "browser_scan.nii.gz");
            var labels = Path.Combine(folder, "browser_scan_labels.nii");
            await File.WriteAllBytesAsync(image, UNet3D.Lab.Tests.Shared.NiftiTestFiles.Gzip(UNet3D.Lab.Tests.Shared.NiftiTestFiles.Image(20, 16, 12, 3, i => i % 97)));
            await File.WriteAllBytesAsync(labels, UNet3D.Lab.Tests.Shared.NiftiTestFiles.Labels(20, 16, 12, i => i % 3));
            await page.Locator("[data-testid=image-upload] input[type=file]").SetInputFilesAsync(image);
            await Assertions.Expect(page.GetByTestId("image-name")).ToHaveTextAsync("browser_scan.nii.gz");
            await page.Locator("[data-testid=labels-upload] input[type=file]").SetInputFilesAsync(labels);
            await Assertions.Expect(page.GetByTestId("labels-name")).ToHaveTextAsync("browser_scan_labels.nii");
            await Field(page, "import-name").FillAsync("browser import");
            await Field(page, "import-name").PressAsync("Tab");
            await page.GetByTestId("import").ClickAsync();

            await Assertions.Expect(page.GetByTestId("imported")).ToContainTextAsync("browser import", new() { Timeout = 30_000 });
            var row = page.Locator("[data-testid=datasets-table] tbody tr", new() { HasText = "browser import" });
            await Assertions.Expect(row).ToHaveCountAsync(1);
            await Assertions.Expect(row).ToContainTextAsync("20x16x12");
            await page.WaitForFunctionAsync(
                "() => Array.from(document.querySelectorAll('tr')).filter(r => r.textContent.includes('browser import'))" +
                ".flatMap(r => Array.from(r.querySelectorAll('img'))).filter(i => i.complete && i.naturalWidth > 0).length === 3", null, new() { Timeout = 30_000 });
            await page.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "datasets-page.png"), FullPage = true });
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [ChromiumFact]
    public async Task Researcher_runs_a_table_watches_its_cells_fill_in_and_opens_a_cells_experiment()
    {
        var page = await NewPage();
        await page.GotoAsync($"{lab.BaseUrl}/experiments");
        await WaitUntilInteractive(page);
        await page.GetByTestId("nav-tables").ClickAsync();
        await page.WaitForURLAsync($"{lab.BaseUrl}/tables");
        await WaitUntilInteractive(page);

        // Table 1 (the default) on one tiny dataset, three steps per network: nine small networks.
        await Field(page, "datasets").FillAsync("phantom-tiny-s1");
        await Field(page, "datasets").PressAsync("Tab");
        await Field(page, "iterations").FillAsync("3");
        await Field(page, "iterations").PressAsync("Tab");
        await page.GetByTestId("run").ClickAsync();

        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/tables/suite-[a-z0-9]+$"));
        var suiteUrl = page.Url;
        await Assertions.Expect(page.Locator("#page-title")).ToContainTextAsync("Table 1");
        var cells = page.Locator("[data-testid=cell][data-key]");
        await Assertions.Expect(cells).ToHaveCountAsync(9);

        // The cells fill in as their networks finish, without reloading the page.
        await Assertions.Expect(page.Locator("[data-testid=cell][data-key][data-status=completed]").First).ToBeVisibleAsync(new() { Timeout = 120_000 });
        await Assertions.Expect(page.GetByTestId("suite-status")).ToHaveTextAsync("completed", new() { Timeout = 180_000 });
        await Assertions.Expect(page.Locator("[data-testid=cell][data-key][data-status=completed]")).ToHaveCountAsync(9);
        await Assertions.Expect(page.GetByTestId("claim")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("[data-testid=suite-chart] .barlayer .point")).ToHaveCountAsync(3, new() { Timeout = 30_000 });
        await page.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "tables-page.png"), FullPage = true });

        // The link a researcher sends shows the same table; each cell opens the experiment behind it.
        var colleague = await NewPage();
        await colleague.GotoAsync(suiteUrl);
        await WaitUntilInteractive(colleague);
        await Assertions.Expect(colleague.GetByTestId("suite-status")).ToHaveTextAsync("completed");
        await colleague.Locator("[data-testid=cell][data-key=t1-s1-3d-bn] a[data-testid=value]").ClickAsync();
        await colleague.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/experiments/exp-[a-z0-9]+$"));
        await Assertions.Expect(colleague.GetByTestId("status")).ToHaveTextAsync("completed");
        await Assertions.Expect(colleague.Locator("#page-title")).ToContainTextAsync("Table 1 · subset 1 · 3D with BN");
    }

    private Task<IPage> NewPage() => lab.NewPage();

    private static Task WaitUntilInteractive(IPage page) => LabInTheBrowser.WaitUntilInteractive(page);

    private static ILocator Field(IPage page, string testId) => LabInTheBrowser.Field(page, testId);
}
