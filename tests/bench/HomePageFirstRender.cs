#:package Microsoft.Playwright
#:property PublishAot=false
// How long the runs table (the home page) takes to show its first rows in Chromium: from the start of navigation until
// the first [data-testid=run-row] is in the DOM and the page has been painted (first contentful paint), and until the
// page is interactive, as the page's own clock (performance.now()) reads them, so Playwright's round trips are not
// counted. A benchmark that prints numbers, not a test.
//
//   dotnet run tests/bench/HomePageFirstRender.cs -- http://127.0.0.1:5080/ [loads] [path to chromium]
//
// Each load is a fresh browser context (nothing cached: the cold case), then the same context reloads (warm). Start the
// lab first (Release build, on the data dir to measure); the printed numbers are medians over the loads.
using System.Globalization;
using Microsoft.Playwright;

var url = args.Length > 0 ? args[0] : "http://127.0.0.1:5080/";
var loads = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 9;
var chromium = args.Length > 2 ? args[2] : "/usr/bin/chromium";

// Set before the page's own scripts run: notes when the page became interactive (the layout's marker, which the
// prerendered HTML lacks) and when the first row appeared, on the page's clock (0 = navigation start).
const string WatchForRows = """
    window.__rowsVisibleAt = null;
    window.__interactiveAt = null;
    new MutationObserver((_, observer) => {
        if (window.__interactiveAt === null && document.querySelector('[data-testid=interactive]')) window.__interactiveAt = performance.now();
        if (window.__rowsVisibleAt === null && document.querySelector('[data-testid=run-row]')) window.__rowsVisibleAt = performance.now();
        if (window.__interactiveAt !== null && window.__rowsVisibleAt !== null) observer.disconnect();
    }).observe(document, { childList: true, subtree: true });
    """;

const string Timings = """
    () => {
        const navigation = performance.getEntriesByType('navigation')[0];
        const paint = performance.getEntriesByName('first-contentful-paint')[0];
        return [window.__rowsVisibleAt, navigation.responseEnd, navigation.domContentLoadedEventEnd, paint ? paint.startTime : -1,
                document.querySelectorAll('[data-testid=run-row]').length, window.__interactiveAt ?? -1];
    }
    """;

using var playwright = await Playwright.CreateAsync();
await using var browser = await playwright.Chromium.LaunchAsync(new()
{
    ExecutablePath = chromium,
    Headless = true,
    Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking"],
});

var cold = new List<double[]>();
var warm = new List<double[]>();
for (var i = 0; i <= loads; i++)
{
    var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1400, Height = 1000 } });
    await context.AddInitScriptAsync(WatchForRows);
    var page = await context.NewPageAsync();
    var first = await Load(page, () => page.GotoAsync(url));
    var again = await Load(page, () => page.ReloadAsync());
    // The first load warms the lab (JIT, LiteDB's pages); it is not counted.
    if (i > 0)
    {
        cold.Add(first);
        warm.Add(again);
    }
    Console.WriteLine(FormattableString.Invariant($"load {i}{(i == 0 ? " (warm-up)" : "")}: cold {Describe(first)} | warm {Describe(again)}"));
    await context.CloseAsync();
}

Console.WriteLine(FormattableString.Invariant($"median of {loads} cold loads: {Median(cold)}"));
Console.WriteLine(FormattableString.Invariant($"median of {loads} warm loads: {Median(warm)}"));
return 0;

static async Task<double[]> Load(IPage page, Func<Task<IResponse?>> navigate)
{
    await navigate();
    await page.WaitForFunctionAsync("() => window.__rowsVisibleAt !== null && window.__interactiveAt !== null", null, new() { Timeout = 60_000 });
    var values = await page.EvaluateAsync<double[]>(Timings);
    return values;
}

// Rows are seen once they are in the DOM and the page has been painted.
static double Seen(double[] t) => Math.Max(t[0], t[3]);

static string Describe(double[] t) =>
    FormattableString.Invariant($"rows seen {Seen(t):F0} ms (rows in DOM {t[0]:F0}, html {t[1]:F0}, DOMContentLoaded {t[2]:F0}, first paint {t[3]:F0}, interactive {t[5]:F0}; {t[4]:F0} rows)");

static string Median(List<double[]> runs)
{
    double MedianOf(Func<double[], double> value)
    {
        var sorted = runs.Select(value).Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
    double Of(int column) => MedianOf(r => r[column]);
    return FormattableString.Invariant(
        $"rows seen {MedianOf(Seen):F0} ms (min {runs.Min(Seen):F0}, max {runs.Max(Seen):F0}); rows in DOM {Of(0):F0} ms, html {Of(1):F0} ms, DOMContentLoaded {Of(2):F0} ms, first paint {Of(3):F0} ms, interactive {Of(5):F0} ms (max {runs.Max(r => r[5]):F0})");
}
