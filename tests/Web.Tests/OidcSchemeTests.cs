using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;
using UNet3D.Lab.Tests.Shared;
using UNet3D.Lab.Web.Access;

namespace UNet3D.Lab.Web.Tests;

/// <summary>OpenID Connect is there when configured and only then.</summary>
public sealed class OidcSchemeTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Oidc_scheme_registers_only_when_an_authority_is_configured(bool configured)
    {
        var settings = configured
            ? new Dictionary<string, string> { ["Lab:Auth:Oidc:Authority"] = "https://id.example.org", ["Lab:Auth:Oidc:ClientId"] = "lab", ["Lab:Auth:Oidc:ClientSecret"] = "secret" }
            : [];
        await using var lab = new LabWebApplicationFactory(workerSlots: 0, settings: settings);
        try
        {
            var scheme = await lab.Services.GetRequiredService<IAuthenticationSchemeProvider>().GetSchemeAsync(OidcSettings.Scheme);
            Assert.Equal(configured, scheme is not null);
        }
        finally
        {
            lab.DeleteData();
        }
    }
}
