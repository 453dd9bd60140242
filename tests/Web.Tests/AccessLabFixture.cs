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

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await Lab.DisposeAsync();
        Lab.DeleteData();
    }
}
