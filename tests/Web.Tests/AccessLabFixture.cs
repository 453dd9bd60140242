using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using UNet3D.Lab.Silo;
using UNet3D.Lab.Silo.Storage;
using UNet3D.Lab.Tests.Shared;
using UNet3D.Lab.Web.Access;

namespace UNet3D.Lab.Web.Tests;

/// <summary>
/// A lab that requires logins (<c>Lab:Auth:Required</c>, as when bound beyond loopback) with one account of each
/// role, created in its data folder before it starts (it refuses to start with none), and a token for each.
/// </summary>
public sealed class AccessLabFixture : IAsyncLifetime
{
    public const string Password = "correct horse battery";

    public AccessLabFixture()
    {
        var data = Path.Combine(Path.GetTempPath(), "unet3d-lab-tests", Guid.NewGuid().ToString("N"));
        using (var database = new LabDatabase(Options.Create(new LabOptions { DataDirectory = data }), NullLogger<LabDatabase>.Instance))
        {
            var accounts = new AccountStore(database);
            foreach (var role in LabRoles.All)
                Assert.Null(accounts.Add(role + "-account", role, Password));
        }
        Lab = new LabWebApplicationFactory(data, workerSlots: 0, new Dictionary<string, string> { [LabAccessSettings.RequiredKey] = "true" });
    }

    public LabWebApplicationFactory Lab { get; }

    public ApiTokenStore Tokens => Lab.Services.GetRequiredService<ApiTokenStore>();

    public ShareLinkStore ShareLinks => Lab.Services.GetRequiredService<ShareLinkStore>();

    /// <summary>A client that sends a fresh API token of the account of <paramref name="role"/>.</summary>
    public HttpClient ClientAs(string role)
    {
        var client = Lab.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", Tokens.Create(role + "-account", "test").Secret);
        return client;
    }

    /// <summary>A browser without an account: it keeps the share cookie a link gives and sees redirects as they are.</summary>
    public HttpClient Visitor() =>
        Lab.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>Starts a two-step experiment as an editor; its id.</summary>
    public async Task<string> NewExperiment()
    {
        using var editor = ClientAs(LabRoles.Editor);
        var created = await editor.PostAsync("/api/experiments", Json("""{"model":"3d","iterations":2}"""));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
    }

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await Lab.DisposeAsync();
        Lab.DeleteData();
    }
}
