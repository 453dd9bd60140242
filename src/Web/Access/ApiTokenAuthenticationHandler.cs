using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace UNet3D.Lab.Web.Access;

/// <summary>Scripts: <c>Authorization: Bearer lab_…</c> acts as the token's account, with the account's role of today.</summary>
public sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiTokenStore tokens, AccountStore accounts)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string BearerPrefix = "Bearer ";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase)) return Task.FromResult(AuthenticateResult.NoResult());
        var secret = header[BearerPrefix.Length..].Trim();
        if (tokens.Find(secret) is not { } token || accounts.Find(token.Account) is not { } account)
            return Task.FromResult(AuthenticateResult.Fail("The API token is unknown or was revoked."));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(
            LabClaims.Account(account.Name, account.Role, LabSchemes.ApiToken), LabSchemes.ApiToken)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }
}
