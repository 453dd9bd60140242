using Microsoft.Playwright;

namespace UNet3D.Lab.Browser.Tests;

/// <summary>"Copy link" copies where the browser allows it and otherwise hands the link to the user; the page never dies.</summary>
[Collection(LabInTheBrowserCollection.Name)]
public sealed class ShareLinkInTheBrowserTests(LabInTheBrowser lab)
{
    [ChromiumFact]
    public async Task Copy_link_over_plain_http_selects_the_link_says_so_and_the_page_keeps_working()
    {
        var id = await lab.CreateExperiment("shared over the LAN");
        // A phone on the LAN whose browser also refuses the old execCommand('copy'), so the fallback is what it gets.
        var page = await lab.NewPage(390, 900, prepare: c => c.AddInitScriptAsync("document.execCommand = () => { throw new Error('refused by the test'); };"));
        await page.GotoAsync($"{lab.LanUrl}/experiments/{id}");
        await LabInTheBrowser.WaitUntilInteractive(page);
        Assert.False(await page.EvaluateAsync<bool>("() => window.isSecureContext"));
        Assert.True(await page.EvaluateAsync<bool>("() => navigator.clipboard === undefined"));

        await page.GetByRole(AriaRole.Button, new() { Name = "Copy link" }).ClickAsync();

        var fallback = page.Locator(".mud-snackbar", new() { HasText = "Select and copy the link shown" });
        await Assertions.Expect(fallback).ToBeVisibleAsync();
        // Shown, not fading in: its transitions have ended.
        await page.WaitForFunctionAsync("() => document.querySelector('.mud-snackbar').getAnimations({ subtree: true }).every(a => a.playState !== 'running')");
        await page.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "copy-link-fallback.png") });
        // The message stays until closed, so it must cover neither the link it asks the user to copy nor the title.
        var message = (await fallback.BoundingBoxAsync())!;
        foreach (var covered in new[] { page.GetByTestId("share-link"), page.Locator("#page-title") })
        {
            var box = (await covered.BoundingBoxAsync())!;
            Assert.True(message.Y >= box.Y + box.Height || box.Y >= message.Y + message.Height,
                $"the message ({message.Y:F0}-{message.Y + message.Height:F0} px from the top) covers {covered} ({box.Y:F0}-{box.Y + box.Height:F0} px)");
        }
        Assert.Equal($"{lab.LanUrl}/experiments/{id}", await page.EvaluateAsync<string>(
            "() => { const e = document.activeElement; return e && e.tagName === 'INPUT' ? e.value.substring(e.selectionStart, e.selectionEnd) : ''; }"));
        // The circuit is alive: closing the message is a round trip to the server.
        await fallback.GetByRole(AriaRole.Button).ClickAsync();
        await Assertions.Expect(fallback).ToHaveCountAsync(0);
    }

    [ChromiumFact]
    public async Task Copy_link_on_a_loopback_address_puts_the_link_on_the_clipboard()
    {
        var id = await lab.CreateExperiment("shared from this machine");
        var page = await lab.NewPage(prepare: c => c.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]));
        await page.GotoAsync($"{lab.BaseUrl}/experiments/{id}");
        await LabInTheBrowser.WaitUntilInteractive(page);

        await page.GetByRole(AriaRole.Button, new() { Name = "Copy link" }).ClickAsync();

        await Assertions.Expect(page.Locator(".mud-snackbar", new() { HasText = "Link copied" })).ToBeVisibleAsync();
        Assert.Equal($"{lab.BaseUrl}/experiments/{id}", await page.EvaluateAsync<string>("() => navigator.clipboard.readText()"));
    }
}
