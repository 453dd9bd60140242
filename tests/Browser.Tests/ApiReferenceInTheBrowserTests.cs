using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace UNet3D.Lab.Browser.Tests;

/// <summary>The app bar's API link opens Scalar's reference of the lab's API, drawn from the lab's own files.</summary>
[Collection(LabInTheBrowserCollection.Name)]
public sealed class ApiReferenceInTheBrowserTests(LabInTheBrowser lab)
{
    [ChromiumFact]
    public async Task Researcher_opens_the_api_reference_from_the_app_bar_and_finds_the_experiments_endpoints()
    {
        var page = await lab.NewPage(1400, 1000);
        // Everything the page asks for, to see that nothing comes from outside the lab (it may have no internet).
        var elsewhere = new ConcurrentQueue<string>();
        page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(lab.BaseUrl, StringComparison.Ordinal) && !request.Url.StartsWith("data:", StringComparison.Ordinal)
                && !request.Url.StartsWith("blob:", StringComparison.Ordinal))
                elsewhere.Enqueue(request.Url);
        };
        await page.GotoAsync($"{lab.BaseUrl}/experiments");
        await LabInTheBrowser.WaitUntilInteractive(page);

        await page.GetByTestId("nav-api").ClickAsync();

        await page.WaitForURLAsync($"{lab.BaseUrl}/reference/");
        // Scalar draws the operations from /openapi/v1.json in the browser: each experiments endpoint by its summary.
        foreach (var summary in new[] { "Start an experiment", "A page of the runs table: filtered, sorted, with the number of matching runs", "Cancel a queued or running experiment" })
            await Assertions.Expect(page.GetByText(summary, new() { Exact = true }).First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(page.GetByText("/api/experiments/{id}/cancel").First).ToBeAttachedAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "api-reference.png") });
        Assert.True(elsewhere.IsEmpty, $"the reference asked other hosts for: {string.Join(", ", elsewhere.Distinct())}");
    }

    [ChromiumFact]
    public async Task On_a_phone_the_menu_leads_to_the_api_reference()
    {
        var phone = await lab.NewPage(390, 900);
        await phone.GotoAsync($"{lab.BaseUrl}/experiments");
        await LabInTheBrowser.WaitUntilInteractive(phone);

        await phone.GetByRole(AriaRole.Button, new() { Name = "Menu" }).ClickAsync();
        await phone.GetByRole(AriaRole.Menuitem, new() { Name = "API" }).ClickAsync();

        await phone.WaitForURLAsync($"{lab.BaseUrl}/reference/");
        await Assertions.Expect(phone.GetByText("Start an experiment", new() { Exact = true }).First).ToBeAttachedAsync(new() { Timeout = 30_000 });
    }
}
