using System.Text.Json;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace UNet3D.Lab.Browser.Tests;

/// <summary>
/// Every page reads from a phone (390 px) to a wide desktop (1920 px), also at MudBlazor's sm and md breakpoints (600 and
/// 960 px) where the layouts are tightest: nothing wider than the window, no field narrower than its label, nothing
/// in the app bar clipped or on top of something else.
/// </summary>
[Collection(LabInTheBrowserCollection.Name)]
public sealed class PagesAtPhoneAndDesktopWidthsTests(LabInTheBrowser lab, ITestOutputHelper output)
{
    private static readonly int[] Widths = [390, 600, 960, 1400, 1920];

    // The runs table with every column it has, its widest.
    private const string AllColumns = "/?columns=status,model,batchNorm,preset,slices,tags,meanIou,finalLoss,bestValidationIou,duration,createdAt";

    // Text, select and numeric fields (not switches, checkboxes or radios) on screen, with their label's full text width
    // (scrollWidth: the untruncated width) beside the width of the field's box and of the label's own box; and the
    // app bar's links and buttons with their boxes and whether their text is cut off; and MudTables that scroll sideways
    // (on a phone they show each row as a card that should fit; MudSimpleTables of numbers may scroll).
    private const string MeasureLayout = """
        () => {
            const shown = e => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden';
            const fields = Array.from(document.querySelectorAll('.mud-input-control'))
                .filter(c => !c.classList.contains('mud-input-control-boolean-input') && shown(c))
                .map(c => ({ label: c.querySelector('label.mud-input-label'), box: c.querySelector('.mud-input') }))
                .filter(f => f.label && f.box)
                .map(f => ({
                    label: f.label.textContent.trim(),
                    labelTextWidth: f.label.scrollWidth,
                    labelBoxWidth: f.label.clientWidth,
                    fieldWidth: f.box.clientWidth,
                }));
            const barItems = Array.from(document.querySelectorAll('.mud-appbar a, .mud-appbar button'))
                .filter(e => shown(e) && !e.parentElement.closest('a, button'))
                .map(e => {
                    const r = e.getBoundingClientRect();
                    return {
                        text: e.textContent.trim() || e.getAttribute('aria-label') || '',
                        left: r.left, right: r.right, top: r.top, bottom: r.bottom,
                        clipped: e.scrollWidth > e.clientWidth + 1,
                    };
                });
            const sidewaysTables = Array.from(document.querySelectorAll('.mud-table:not(.mud-simple-table) > .mud-table-container'))
                .filter(c => shown(c) && c.scrollWidth > c.clientWidth + 1)
                .map(c => ({ name: c.parentElement.getAttribute('data-testid') || 'a table', scrollWidth: c.scrollWidth, clientWidth: c.clientWidth }));
            return JSON.stringify({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth, fields, barItems, sidewaysTables });
        }
        """;

    [ChromiumFact]
    public async Task Every_page_fits_a_phone_and_a_desktop_without_overflow_or_squeezed_fields()
    {
        var experiment = await lab.CreateExperiment("a page at two widths");
        // Tags and a note, so that the runs table's chips and the experiment page's notes are measured too.
        await lab.AnnotateExperiment(experiment, new { tags = new[] { "baseline", "seed-sweep", "lr:0.005" }, note = "## Why\n\n| a | b |\n|---|---|\n| 1 | 2 |" });
        string[] paths =
        [
            "/experiments/new", "/", AllColumns, "/datasets", "/tables", "/ablations", "/ablations/new", "/datasets/phantom-tiny-s1", $"/experiments/{experiment}",
            $"/compare?ids={experiment}",
        ];
        var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        var problems = new List<string>();
        foreach (var width in Widths)
        {
            var page = await lab.NewPage(width, 900);
            foreach (var path in paths)
            {
                await page.GotoAsync(lab.BaseUrl + path);
                await LabInTheBrowser.WaitUntilInteractive(page);
                await Assertions.Expect(page.Locator("#page-title")).ToBeVisibleAsync();
                // Lists show an indeterminate bar until their first load; measure what a reader then sees.
                await Assertions.Expect(page.Locator(".mud-progress-linear.mud-progress-indeterminate")).ToHaveCountAsync(0, new() { Timeout = 30_000 });

                var layout = JsonSerializer.Deserialize<PageLayout>(await page.EvaluateAsync<string>(MeasureLayout), JsonSerializerOptions.Web)!;
                var name = path switch
                {
                    "/" => "experiments",
                    AllColumns => "experiments-all-columns",
                    _ when path.StartsWith("/experiments/exp-", StringComparison.Ordinal) => "experiment",
                    _ when path.StartsWith("/compare?", StringComparison.Ordinal) => "compare",
                    _ => path.Trim('/').Replace('/', '-'),
                };
                await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"{name}-{width}.png"), FullPage = true });
                problems.AddRange(ProblemsOf(path, width, layout));
            }
            await page.Context.CloseAsync();
        }
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [ChromiumFact]
    public async Task On_a_phone_the_app_bar_puts_its_links_in_a_menu_and_on_a_desktop_shows_them()
    {
        var phone = await lab.NewPage(390, 900);
        await phone.GotoAsync(lab.BaseUrl + "/experiments");
        await LabInTheBrowser.WaitUntilInteractive(phone);
        await Assertions.Expect(phone.GetByTestId("nav-links")).ToBeHiddenAsync();
        await phone.GetByRole(AriaRole.Button, new() { Name = "Menu" }).ClickAsync();
        await phone.GetByRole(AriaRole.Menuitem, new() { Name = "Tables" }).ClickAsync();
        await phone.WaitForURLAsync($"{lab.BaseUrl}/tables");
        await Assertions.Expect(phone.Locator("#page-title")).ToHaveTextAsync("Reproduce a table of the paper");

        var desktop = await lab.NewPage(1400, 900);
        await desktop.GotoAsync(lab.BaseUrl + "/experiments");
        await LabInTheBrowser.WaitUntilInteractive(desktop);
        await Assertions.Expect(desktop.GetByTestId("nav-menu")).ToBeHiddenAsync();
        await Assertions.Expect(desktop.GetByTestId("nav-links").GetByRole(AriaRole.Link)).ToHaveCountAsync(7); // six pages and the account
    }

    private IEnumerable<string> ProblemsOf(string path, int width, PageLayout layout)
    {
        var at = $"{path} at {width} px";
        output.WriteLine($"{at}: page {layout.ScrollWidth} px wide in a {layout.InnerWidth} px window");
        if (layout.ScrollWidth > layout.InnerWidth)
            yield return $"{at}: the page is {layout.ScrollWidth} px wide, {layout.ScrollWidth - layout.InnerWidth} px more than the window";

        foreach (var table in layout.SidewaysTables)
            yield return $"{at}: {table.Name} is {table.ScrollWidth} px wide in a {table.ClientWidth} px box and scrolls sideways";

        foreach (var field in layout.Fields)
        {
            output.WriteLine($"  field '{field.Label}': label text {field.LabelTextWidth} px (label box {field.LabelBoxWidth} px), field {field.FieldWidth} px");
            if (field.LabelTextWidth > field.FieldWidth || field.LabelTextWidth > field.LabelBoxWidth + 1)
                yield return $"{at}: field '{field.Label}' is {field.FieldWidth} px wide and shows {field.LabelBoxWidth} px of its {field.LabelTextWidth} px label";
        }
        if (path == "/experiments/new" && layout.Fields.Length < 8)
            yield return $"{at}: measured {layout.Fields.Length} fields, the form has at least 8 (did MudBlazor's markup change?)";

        var bar = layout.BarItems;
        output.WriteLine($"  app bar: {string.Join(", ", bar.Select(b => $"'{b.Text}' {b.Left:F0}-{b.Right:F0}{(b.Clipped ? " clipped" : "")}"))}");
        if (bar.Length == 0) yield return $"{at}: nothing found in the app bar";
        foreach (var item in bar)
        {
            if (item.Clipped) yield return $"{at}: the app bar's '{item.Text}' is cut off";
            if (item.Left < 0 || item.Right > layout.InnerWidth) yield return $"{at}: the app bar's '{item.Text}' is outside the window ({item.Left:F0}-{item.Right:F0} px)";
        }
        for (var i = 0; i < bar.Length; i++)
        for (var j = i + 1; j < bar.Length; j++)
        {
            if (bar[i].Overlaps(bar[j])) yield return $"{at}: the app bar's '{bar[i].Text}' and '{bar[j].Text}' overlap";
        }
    }

    private sealed record PageLayout(int ScrollWidth, int InnerWidth, FieldLayout[] Fields, BarItem[] BarItems, SidewaysTable[] SidewaysTables);

    private sealed record SidewaysTable(string Name, int ScrollWidth, int ClientWidth);

    private sealed record FieldLayout(string Label, int LabelTextWidth, int LabelBoxWidth, int FieldWidth);

    private sealed record BarItem(string Text, double Left, double Right, double Top, double Bottom, bool Clipped)
    {
        // A pixel of slack: neighbouring buttons may share an edge.
        public bool Overlaps(BarItem other) =>
            Math.Min(Right, other.Right) - Math.Max(Left, other.Left) > 1 && Math.Min(Bottom, other.Bottom) - Math.Max(Top, other.Top) > 1;
    }
}
