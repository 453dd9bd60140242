using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace UNet3D.Lab.Browser.Tests;

/// <summary>
/// One lab process and one headless Chromium shared by every browser test: starting the lab costs seconds and a
/// second one would compete for the same few cores.
/// </summary>
public sealed class LabInTheBrowser : IAsyncLifetime
{
    /// <summary>A name that is not loopback, so pages opened through it are not a secure context (plain HTTP on a LAN).</summary>
    public const string LanHost = "lab.test";

    private static readonly string[] ChromiumArguments =
    [
        "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        $"--host-resolver-rules=MAP {LanHost} 127.0.0.1",
    ];

    private LabProcess? lab;
    private IPlaywright? playwright;
    private IBrowser? browser;

    /// <summary>The lab at its loopback address, e.g. <c>http://127.0.0.1:port</c>.</summary>
    public string BaseUrl => lab?.Url ?? throw new InvalidOperationException("The lab has not started (no Chromium?).");

    /// <summary>The same lab as a colleague on the LAN reaches it: by a host name, over plain HTTP.</summary>
    public string LanUrl => new UriBuilder(BaseUrl) { Host = LanHost }.Uri.ToString().TrimEnd('/');

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumFactAttribute.ChromiumPath)) return;
        lab = await LabProcess.StartAsync();
        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumFactAttribute.ChromiumPath,
            Headless = true,
            Args = ChromiumArguments,
        });
    }

    public async Task DisposeAsync()
    {
        if (browser is not null) await browser.DisposeAsync();
        playwright?.Dispose();
        if (lab is not null) await lab.DisposeAsync();
    }

    /// <summary>A page in a fresh browser context (no cookies, no state) with a window of the given size.</summary>
    public async Task<IPage> NewPage(int width = 1400, int height = 1000, Func<IBrowserContext, Task>? prepare = null)
    {
        var context = await browser!.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = height } });
        if (prepare is not null) await prepare(context);
        return await context.NewPageAsync();
    }

    /// <summary>Queues a smoke experiment through the API and returns its id; its page exists whatever state it is in.</summary>
    public async Task<string> CreateExperiment(string name, int iterations = 1)
    {
        using var http = new HttpClient();
        var response = await http.PostAsJsonAsync($"{BaseUrl}/api/experiments", new { name, model = "3d", preset = "smoke", iterations });
        response.EnsureSuccessStatusCode();
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        return created.GetProperty("id").GetString()!;
    }

    /// <summary>Changes an experiment's name, tags or note through the API (<c>PATCH /api/experiments/{id}</c>).</summary>
    public async Task AnnotateExperiment(string id, object annotation)
    {
        using var http = new HttpClient();
        (await http.PatchAsJsonAsync($"{BaseUrl}/api/experiments/{id}", annotation)).EnsureSuccessStatusCode();
    }

    public static Task WaitUntilInteractive(IPage page) =>
        page.Locator("[data-testid=interactive]").WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 30_000 });

    /// <summary>The input of a MudBlazor field tagged with data-testid, wherever MudBlazor put the attribute.</summary>
    public static ILocator Field(IPage page, string testId) =>
        page.Locator($"input[data-testid={testId}], [data-testid={testId}] input").First;
}
