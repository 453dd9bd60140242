using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace UNet3D.Lab.Browser.Tests;

/// <summary>
/// Issue 14's acceptance, as a researcher does it: build a 2 × 2 grid with 2 seeds at the smoke preset, watch it
/// finish, see four groups of two runs, tag runs, find them in the runs table by their tag and sort them by IoU.
/// </summary>
[Collection(LabInTheBrowserCollection.Name)]
public sealed class RunsTableInTheBrowserTests(LabInTheBrowser lab)
{
    [ChromiumFact]
    public async Task Researcher_runs_a_two_by_two_grid_tags_runs_and_finds_them_in_the_runs_table_sorted_by_iou()
    {
        var page = await lab.NewPage();
        await page.GotoAsync($"{lab.BaseUrl}/ablations/new");
        await LabInTheBrowser.WaitUntilInteractive(page);

        // Model × BatchNorm, two seeds, three steps a run at the smoke preset (the form's default): eight small runs.
        await Fill(page, "ablation-name", "browser grid");
        await Fill(page, "iterations", "3");
        await Fill(page, "seeds", "2");
        foreach (var box in new[] { "axis-model-3d", "axis-model-2d", "axis-batchNorm-on", "axis-batchNorm-off" })
            await page.GetByTestId(box).CheckAsync();
        await Assertions.Expect(page.GetByTestId("runs-count")).ToHaveTextAsync("8");
        await page.GetByTestId("start").ClickAsync();

        await page.WaitForURLAsync(new Regex("/ablations/abl-[a-z0-9]+$"));
        var ablationId = page.Url[(page.Url.LastIndexOf('/') + 1)..];
        await LabInTheBrowser.WaitUntilInteractive(page);
        await Assertions.Expect(page.GetByTestId("ablation-status")).ToHaveTextAsync("completed", new() { Timeout = 180_000 });
        var groups = page.GetByTestId("group");
        await Assertions.Expect(groups).ToHaveCountAsync(4);
        var sizes = await Task.WhenAll((await groups.AllAsync()).Select(g => g.GetAttributeAsync("data-n")));
        Assert.All(sizes, n => Assert.Equal("2", n));
        await page.ScreenshotAsync(new() { Path = Screenshot("grid-finished.png"), FullPage = true });

        // Tag one run of two different groups: on each run's page, type the tag and press Enter.
        var tag = $"pick-{Guid.NewGuid():N}"[..12];
        var runPages = new List<string>();
        foreach (var link in (await page.GetByTestId("run-link").AllAsync()).Where((_, i) => i % 2 == 0).Take(2))
            runPages.Add(lab.BaseUrl + await link.GetAttributeAsync("href"));
        foreach (var runPage in runPages)
        {
            await page.GotoAsync(runPage);
            await LabInTheBrowser.WaitUntilInteractive(page);
            await Assertions.Expect(page.GetByTestId("run-ablation")).ToHaveAttributeAsync("href", $"/ablations/{ablationId}");
            var field = LabInTheBrowser.Field(page, "tag-input");
            await field.FillAsync(tag);
            await field.PressAsync("Enter");
            await Assertions.Expect(page.Locator($"[data-testid=run-notes] [data-testid=tag-chip][data-tag={tag}]")).ToBeVisibleAsync();
        }
        await page.ScreenshotAsync(new() { Path = Screenshot("run-tagged.png"), FullPage = true });

        // The runs table, filtered by that tag from its select: the two tagged runs.
        await page.GotoAsync(lab.BaseUrl + "/");
        await LabInTheBrowser.WaitUntilInteractive(page);
        await page.GetByTestId("filter-tag").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = tag }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"[?&]tag={tag}"));
        var rows = page.GetByTestId("run-row");
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        var ids = await Task.WhenAll((await rows.AllAsync()).Select(r => r.GetAttributeAsync("data-id")));
        Assert.Equal(runPages.Select(p => p[(p.LastIndexOf('/') + 1)..]).Order(), ids.Order());

        // Sorted by IoU: the first click puts the best first, the second the worst; both go into the URL.
        await page.GetByTestId("sort-meanIou").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("[?&]sort=-meanIou"));
        await page.WaitForFunctionAsync(SortedIous, "desc");
        var bestFirst = await Ious(page);
        await page.ScreenshotAsync(new() { Path = Screenshot("runs-table-by-tag-and-iou.png"), FullPage = true });
        await page.GetByTestId("sort-meanIou").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("[?&]sort=meanIou"));
        await page.WaitForFunctionAsync(SortedIous, "asc");
        Assert.Equal(bestFirst.Reverse(), await Ious(page));

        // The link restores that view in a fresh browser: same filter, same sort, same rows.
        var colleague = await lab.NewPage();
        await colleague.GotoAsync(page.Url);
        await Assertions.Expect(colleague.GetByTestId("run-row")).ToHaveCountAsync(2, new() { Timeout = 30_000 });
        Assert.Equal(await Ious(page), await Ious(colleague));
    }

    [ChromiumFact]
    public async Task The_home_page_arrives_with_its_rows_and_keeps_them_while_it_becomes_interactive()
    {
        var tag = $"first-{Guid.NewGuid():N}"[..12];
        foreach (var name in new[] { "first paint a", "first paint b" })
            await lab.AnnotateExperiment(await lab.CreateExperiment(name), new { tags = new[] { tag } });

        var page = await lab.NewPage();
        await page.AddInitScriptAsync(RecordRowCounts);
        var response = await page.GotoAsync($"{lab.BaseUrl}/?tag={tag}");

        // The rows are in the HTML the server sends, before any script runs.
        Assert.Equal(2, Regex.Matches(await response!.TextAsync(), "data-testid=\"run-row\"").Count);
        // The circuit starts with them (the prerender hands its page over) and they never leave the screen.
        await LabInTheBrowser.WaitUntilInteractive(page);
        await Assertions.Expect(page.GetByTestId("run-row")).ToHaveCountAsync(2);
        var counts = await page.EvaluateAsync<int[]>("() => window.__rowCounts");
        Assert.Equal(2, counts.SkipWhile(c => c == 0).Min());

        // Interactive: a header sorts.
        await page.GetByTestId("sort-name").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("[?&]sort=name"));
        await Assertions.Expect(page.Locator("[data-testid=run-row] a").First).ToHaveTextAsync("first paint a");
    }

    // Every change of the number of rows on screen, from the first byte of the page on.
    private const string RecordRowCounts = """
        window.__rowCounts = [];
        new MutationObserver(() => {
            const rows = document.querySelectorAll('[data-testid=run-row]').length;
            if (window.__rowCounts[window.__rowCounts.length - 1] !== rows) window.__rowCounts.push(rows);
        }).observe(document, { childList: true, subtree: true });
        """;

    // True once the table shows two IoUs in the given order; ties count as either.
    private const string SortedIous = """
        direction => {
            const values = Array.from(document.querySelectorAll('[data-testid=run-mean-iou]')).map(e => parseFloat(e.textContent));
            return values.length === 2 && (direction === 'desc' ? values[0] >= values[1] : values[0] <= values[1]);
        }
        """;

    private static async Task<double[]> Ious(IPage page) =>
        (await page.GetByTestId("run-mean-iou").AllTextContentsAsync()).Select(t => double.Parse(t, CultureInfo.InvariantCulture)).ToArray();

    private static async Task Fill(IPage page, string testId, string value)
    {
        var field = LabInTheBrowser.Field(page, testId);
        await field.FillAsync(value);
        await field.PressAsync("Tab");
    }

    private static string Screenshot(string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name);
    }
}
