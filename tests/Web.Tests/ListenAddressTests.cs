using System.Globalization;
using System.Text.Json.Nodes;
using UNet3D.Lab.Tests.Shared;

namespace UNet3D.Lab.Web.Tests;

/// <summary>Every way the README gives to choose where the lab listens, each in a real process of the built app.</summary>
public sealed class ListenAddressTests
{
    private static readonly IReadOnlyDictionary<string, string> NoVariables = new Dictionary<string, string>();

    [Fact]
    public async Task Nothing_set_listens_on_loopback_port_5080()
    {
        var (address, output) = await WebAppProcess.Listen([], NoVariables);

        // Another lab on this machine may hold the port; then the refusal names the address the lab chose.
        if (address is null)
            Assert.True(output.Contains("http://127.0.0.1:5080", StringComparison.Ordinal) && output.Contains("address already in use", StringComparison.Ordinal), output);
        else
            Assert.Equal("http://127.0.0.1:5080", address);
    }

    [Fact]
    public async Task Command_line_urls_is_used()
    {
        var url = FreeUrl();
        var (address, output) = await WebAppProcess.Listen(["--urls", url], NoVariables);
        Assert.True(address == url, output);
    }

    [Fact]
    public async Task Environment_ASPNETCORE_URLS_is_used()
    {
        var url = FreeUrl();
        var (address, output) = await WebAppProcess.Listen([], new Dictionary<string, string> { ["ASPNETCORE_URLS"] = url });
        Assert.True(address == url, output);
    }

    [Fact]
    public async Task Environment_Urls_is_used()
    {
        var url = FreeUrl();
        var (address, output) = await WebAppProcess.Listen([], new Dictionary<string, string> { ["Urls"] = url });
        Assert.True(address == url, output);
    }

    [Fact]
    public async Task Urls_in_appsettings_is_used()
    {
        var url = FreeUrl();
        var contentRoot = Path.Combine(Path.GetTempPath(), "unet3d-lab-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(contentRoot);
        try
        {
            // The app's own appsettings.json with Urls added.
            var settings = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "appsettings.json")))!.AsObject();
            settings["Urls"] = url;
            await File.WriteAllTextAsync(Path.Combine(contentRoot, "appsettings.json"), settings.ToJsonString());

            var (address, output) = await WebAppProcess.Listen([], NoVariables, contentRoot);
            Assert.True(address == url, output);
        }
        finally
        {
            Directory.Delete(contentRoot, recursive: true);
        }
    }

    [Fact]
    public async Task Command_line_wins_over_ASPNETCORE_URLS()
    {
        var (fromCommandLine, fromEnvironment) = (FreeUrl(), FreeUrl());
        var (address, output) = await WebAppProcess.Listen(["--urls", fromCommandLine], new Dictionary<string, string> { ["ASPNETCORE_URLS"] = fromEnvironment });
        Assert.True(address == fromCommandLine, output);
    }

    private static string FreeUrl() => $"http://127.0.0.1:{FreePorts.Next().ToString(CultureInfo.InvariantCulture)}";
}
