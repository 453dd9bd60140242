// Times the compare view in Chromium (Playwright): how long 50 runs × 2,000-step series take to render, and how long a
// change of smoothing or grouping takes to redraw. Prints numbers; asserts nothing (timings never live in tests).
//
//   dotnet run --project src/Silo -- bench seed-runs --count 200 --series-steps 2000 --data-dir bench-data
//   dotnet run -c Release --project src/Web -- --Lab:DataDirectory bench-data --Lab:WorkerSlots 0 --urls http://127.0.0.1:5090
//   dotnet run tests/bench/CompareTimings.cs -- http://127.0.0.1:5090 [runs=50] [repetitions=5] [screenshots folder]
#:package Microsoft.Playwright
#:property PublishAot=false
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

var baseUrl = (args.Length > 0 ? args[0] : "http://127.0.0.1:5080").TrimEnd('/');
var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 50;
var repetitions = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 5;
var shots = args.Length > 3 ? args[3] : Path.Combine(Path.GetTempPath(), "compare-timings");
Directory.CreateDirectory(shots);

using var http = new HttpClient();
var list = await http.GetFromJsonAsync<JsonElement>($"{baseUrl}/api/experiments?status=completed&sort=name&limit={runs}");
var ids = list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!).ToArray();
if (ids.Length < runs) throw new InvalidOperationException($"{baseUrl} has {ids.Length} completed runs; seed more (bench seed-runs --series-steps 2000).");
var loss = await http.GetFromJsonAsync<JsonElement>($"{baseUrl}/api/experiments/{ids[0]}/series/loss?maxPoints=100000");
Console.WriteLine($"{ids.Length} runs, {loss.GetProperty("total").GetInt64()} loss points in the first; Chromium at /usr/bin/chromium");

using var playwright = await Playwright.CreateAsync();
await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = "/usr/bin/chromium", Headless = true, Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"] });
var url = $"{baseUrl}/compare?ids={string.Join(',', ids)}";

const string Lines = "() => { const gd = document.querySelector('[data-testid=compare-chart] .js-plotly-plot'); return gd && gd.data ? gd.data.filter(t => t.showlegend !== false).length : 0; }";

var Drawn = $"() => ({Lines})() === {runs} && document.querySelectorAll('[data-testid=compare-chart] .scatterlayer .trace').length === {runs}";

// Render: from navigation start to the chart drawing every run's line (Plotly's SVG traces in the DOM).
var render = new List<double>();
IPage? page = null;
for (var i = 0; i < repetitions; i++)
{
    if (page is not null) await page.Context.CloseAsync();
    var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1400, Height = 1000 } });
    page = await context.NewPageAsync();
    await page.GotoAsync(url);
    await page.WaitForFunctionAsync(Drawn, null, new() { Timeout = 60_000, PollingInterval = 10 });
    render.Add(await page.EvaluateAsync<double>("() => performance.now()"));
}
Report("render, fresh browser (navigation to 50 lines drawn)", render);

// The same link again in a browser that has the lab's scripts cached (a colleague's second link, a reload).
var revisit = new List<double>();
for (var i = 0; i < repetitions; i++)
{
    await page!.GotoAsync("about:blank");
    await page.GotoAsync(url);
    await page.WaitForFunctionAsync(Drawn, null, new() { Timeout = 60_000, PollingInterval = 10 });
    revisit.Add(await page.EvaluateAsync<double>("() => performance.now()"));
}
Report("render, browser with the lab cached (navigation to 50 lines drawn)", revisit);

// From inside the lab (the runs table's Compare button): the page is interactive already, so this is the
// compare page's own cost: reading 50 runs, computing the view, drawing.
var inApp = new List<double>();
for (var i = 0; i < repetitions; i++)
{
    await page!.GotoAsync($"{baseUrl}/experiments");
    await page.WaitForFunctionAsync("() => window.Blazor && document.querySelector('[data-testid=runs-table]')", null, new() { Timeout = 60_000 });
    await page.WaitForTimeoutAsync(500);
    var started = await page.EvaluateAsync<double>("u => { const t = performance.now(); Blazor.navigateTo(u); return t; }", url);
    await page.WaitForFunctionAsync(Drawn, null, new() { Timeout = 60_000, PollingInterval = 10 });
    inApp.Add(await page.EvaluateAsync<double>("() => performance.now()") - started);
}
Report("render, opened from the runs table (navigation to 50 lines drawn)", inApp);
await page!.ScreenshotAsync(new() { Path = Path.Combine(shots, "compare-50-runs.png"), FullPage = true });

// A change: from the event the control gets to Plotly's next afterplot with new data.
const string SetSmoothing = """
    async value => {
        const gd = document.querySelector('[data-testid=compare-chart] .js-plotly-plot');
        const input = document.querySelector('input[data-testid=smoothing], [data-testid=smoothing] input');
        const before = gd.data;
        return await new Promise((resolve, reject) => {
            const t0 = performance.now();
            const done = () => { if (gd.data !== before) { gd.removeListener('plotly_afterplot', done); resolve(performance.now() - t0); } };
            gd.on('plotly_afterplot', done);
            setTimeout(() => reject(new Error('no redraw within 10 s')), 10000);
            input.value = String(value);
            input.dispatchEvent(new Event('change', { bubbles: true }));
        });
    }
    """;
var smoothing = new List<double>();
foreach (var value in new[] { 0.5, 0.8, 0.9, 0.6, 0.3, 0.95, 0.7, 0.2, 0.85, 0.4 })
    smoothing.Add(await page.EvaluateAsync<double>(SetSmoothing, value));
Report("smoothing change (event to redraw)", smoothing);

const string ChooseGroup = """
    async ([text, lines]) => {
        const gd = document.querySelector('[data-testid=compare-chart] .js-plotly-plot');
        const item = Array.from(document.querySelectorAll('.mud-popover-open .mud-list-item')).find(e => e.textContent.trim().startsWith(text));
        const before = gd.data;
        return await new Promise((resolve, reject) => {
            const t0 = performance.now();
            const done = () => {
                if (gd.data !== before && gd.data.filter(t => t.showlegend !== false).length === lines) { gd.removeListener('plotly_afterplot', done); resolve(performance.now() - t0); }
            };
            gd.on('plotly_afterplot', done);
            setTimeout(() => reject(new Error('no redraw within 10 s')), 10000);
            item.click();
        });
    }
    """;
var grouping = new List<double>();
var ungrouping = new List<double>();
for (var i = 0; i < repetitions; i++)
{
    foreach (var (text, lines, times) in new[] { ("model", -1, grouping), ("none: every run", runs, ungrouping) })
    {
        await page.GetByTestId("group-by").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").First.WaitForAsync();
        var groups = lines > 0 ? lines : 2;
        times.Add(await page.EvaluateAsync<double>(ChooseGroup, new object[] { text, groups }));
        await page.Locator(".mud-popover-open").WaitForAsync(new() { State = WaitForSelectorState.Detached });
        if (i == 0 && lines < 0) await page.ScreenshotAsync(new() { Path = Path.Combine(shots, "compare-50-runs-by-model.png"), FullPage = true });
    }
}
Report("grouping by model (click to redraw, 2 bands)", grouping);
Report("back to every run (click to redraw, 50 lines)", ungrouping);

// What "x unified" hover shows at 50 runs.
var chart = await page.Locator("[data-testid=compare-chart] .nsewdrag").First.BoundingBoxAsync();
await page.Mouse.MoveAsync(chart!.X + chart.Width * 0.4f, chart.Y + chart.Height * 0.5f);
await page.WaitForTimeoutAsync(300);
await page.ScreenshotAsync(new() { Path = Path.Combine(shots, "compare-50-runs-hover.png") });
Console.WriteLine($"screenshots in {shots}");

static void Report(string what, List<double> times)
{
    var sorted = times.Order().ToArray();
    var median = sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    Console.WriteLine(FormattableString.Invariant($"{what}: median {median:F0} ms, min {sorted[0]:F0}, max {sorted[^1]:F0} over {sorted.Length} ({string.Join(", ", times.Select(t => t.ToString("F0", CultureInfo.InvariantCulture)))})"));
}
