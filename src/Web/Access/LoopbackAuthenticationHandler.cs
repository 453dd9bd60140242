using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace UNet3D.Lab.Web.Access;

/// <summary>A lab that listens on loopback only is one researcher's: every request acts as its admin, with no login.</summary>
public sealed class LoopbackAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string ResearcherName = "researcher";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync() =>
        Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(
            LabClaims.Account(ResearcherName, LabRoles.Admin, LabSchemes.Loopback), LabSchemes.Loopback)));
}
