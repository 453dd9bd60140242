using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using UNet3D.Lab.Silo;

namespace UNet3D.Lab.Web.Access;

/// <summary>Who may do what in the lab: <c>builder.AddLabAccess()</c> and <c>app.UseLabAccess()</c>.</summary>
public static class LabAccessExtensions
{
    public static WebApplicationBuilder AddLabAccess(this WebApplicationBuilder builder)
    {
        var settings = LabAccessSettings.Read(builder.Configuration);
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton<AccountStore>();
        builder.Services.AddSingleton<ApiTokenStore>();
        builder.Services.AddSingleton<ShareLinkStore>();
        builder.Services.AddSingleton(TimeProvider.System);

        // Keys in the data folder: logins and share links outlive a restart, and a copied lab.db takes none along.
        var dataDirectory = builder.Configuration[$"{LabOptions.Section}:{nameof(LabOptions.DataDirectory)}"] ?? new LabOptions().DataDirectory;
        builder.Services.AddDataProtection().SetApplicationName("UNet3D.Lab")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(Path.GetFullPath(dataDirectory), "keys")));

        var authentication = builder.Services.AddAuthentication(LabSchemes.Lab)
            .AddPolicyScheme(LabSchemes.Lab, "The lab's choice of scheme", options => options.ForwardDefaultSelector = http => SchemeFor(http, settings))
            .AddScheme<AuthenticationSchemeOptions, LoopbackAuthenticationHandler>(LabSchemes.Loopback, null)
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(LabSchemes.ApiToken, null)
            .AddCookie(LabSchemes.Account, options =>
            {
                options.Cookie.Name = LabSchemes.AccountCookie;
                options.LoginPath = "/login";
                options.LogoutPath = "/logout";
                options.ExpireTimeSpan = settings.LoginLifetime;
                options.SlidingExpiration = true;
                options.Events = CookieEvents(validate: ValidateAccount);
            })
            .AddCookie(LabSchemes.Share, options =>
            {
                options.Cookie.Name = LabSchemes.ShareCookie;
                options.Events = CookieEvents(validate: ValidateShare);
            });
        if (settings.Oidc.IsConfigured) AddOidc(authentication, settings.Oidc);

        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(LabPolicies.View, policy => policy.RequireAssertion(c => LabClaims.Can(c.User, LabRoles.Viewer)))
            .AddPolicy(LabPolicies.Edit, policy => policy.RequireAssertion(c => LabClaims.Can(c.User, LabRoles.Editor)))
            .AddPolicy(LabPolicies.Admin, policy => policy.RequireAssertion(c => LabClaims.Can(c.User, LabRoles.Admin)))
            .AddPolicy(LabPolicies.Page, policy => policy.AddRequirements(new LabPageRequirement()))
            .AddPolicy(LabPolicies.Request, policy => policy.AddRequirements(new LabRequestRequirement()))
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().AddRequirements(new LabRequestRequirement()).Build());
        builder.Services.AddSingleton<IAuthorizationHandler, LabAccessHandler>();
        builder.Services.AddCascadingAuthenticationState();
        return builder;
    }

    /// <summary>Refuses to start open to the network without a way to log in; then authenticates and authorizes every request.</summary>
    public static WebApplication UseLabAccess(this WebApplication app)
    {
        var settings = app.Services.GetRequiredService<LabAccessSettings>();
        if (settings.IsOn && settings.Refusal(app.Services.GetRequiredService<AccountStore>().Count()) is { } refusal)
            throw new InvalidOperationException(refusal);
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapLabAccessEndpoints();
        return app;
    }

    private static string SchemeFor(HttpContext http, LabAccessSettings settings)
    {
        if (!settings.IsOn) return LabSchemes.Loopback;
        if (http.Request.Headers.Authorization.ToString().StartsWith(ApiTokenAuthenticationHandler.BearerPrefix, StringComparison.OrdinalIgnoreCase))
            return LabSchemes.ApiToken;
        if (!http.Request.Cookies.ContainsKey(LabSchemes.AccountCookie) && http.Request.Cookies.ContainsKey(LabSchemes.ShareCookie))
            return LabSchemes.Share;
        return LabSchemes.Account;
    }

    private static CookieAuthenticationEvents CookieEvents(Func<CookieValidatePrincipalContext, Task> validate) => new()
    {
        // Scripts get a status, not the login page's HTML.
        OnRedirectToLogin = context => Redirect(context, StatusCodes.Status401Unauthorized),
        OnRedirectToAccessDenied = context =>
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return Task.CompletedTask;
        },
        OnValidatePrincipal = validate,
    };

    private static Task Redirect(RedirectContext<CookieAuthenticationOptions> context, int apiStatus)
    {
        if (context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/_blazor"))
            context.Response.StatusCode = apiStatus;
        else
            context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    /// <summary>A removed account is logged out at its next request, and a changed role takes effect there.</summary>
    private static Task ValidateAccount(CookieValidatePrincipalContext context)
    {
        var name = context.Principal?.Identity?.Name;
        var account = name is null ? null : context.HttpContext.RequestServices.GetRequiredService<AccountStore>().Find(name);
        if (account is null)
        {
            // People signed in by the identity provider have no account unless an admin made one.
            if (context.Principal?.FindFirst(LabClaims.Provider) is not null) return Task.CompletedTask;
            context.RejectPrincipal();
        }
        else if (LabClaims.RoleOf(context.Principal!) != account.Role)
        {
            context.ReplacePrincipal(LabClaims.Account(account.Name, account.Role, LabSchemes.Account));
            context.ShouldRenew = true;
        }
        return Task.CompletedTask;
    }

    /// <summary>A revoked or expired share link stops working at the next request of anyone who opened it.</summary>
    private static Task ValidateShare(CookieValidatePrincipalContext context)
    {
        var id = context.Principal?.FindFirst(LabClaims.ShareId)?.Value;
        if (id is null || context.HttpContext.RequestServices.GetRequiredService<ShareLinkStore>().Find(id) is null) context.RejectPrincipal();
        return Task.CompletedTask;
    }

    private static void AddOidc(AuthenticationBuilder authentication, OidcSettings oidc) =>
        authentication.AddOpenIdConnect(OidcSettings.Scheme, "Identity provider", options =>
        {
            options.SignInScheme = LabSchemes.Account;
            options.Authority = oidc.Authority;
            options.ClientId = oidc.ClientId;
            options.ClientSecret = oidc.ClientSecret;
            options.ResponseType = OpenIdConnectResponseType.Code;
            options.Scope.Add("profile");
            options.MapInboundClaims = false;
            options.TokenValidationParameters.NameClaimType = "preferred_username";
            options.Events.OnTokenValidated = context =>
            {
                // The role of the lab account of that name, else the configured default.
                var name = context.Principal?.FindFirst("preferred_username")?.Value ?? context.Principal?.FindFirst("sub")?.Value ?? "unknown";
                var role = context.HttpContext.RequestServices.GetRequiredService<AccountStore>().Find(name)?.Role
                           ?? LabRoles.Parse(oidc.DefaultRole) ?? LabRoles.Viewer;
                var principal = LabClaims.Account(name, role, LabSchemes.Account);
                ((System.Security.Claims.ClaimsIdentity)principal.Identity!).AddClaim(new System.Security.Claims.Claim(LabClaims.Provider, oidc.Authority!));
                context.Principal = principal;
                return Task.CompletedTask;
            };
        });
}
