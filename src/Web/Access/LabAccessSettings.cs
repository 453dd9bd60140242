namespace UNet3D.Lab.Web.Access;

/// <summary>
/// The <c>Lab:Auth</c> section. Whether a login is needed follows from where the lab listens, not from who asks:
/// bound to loopback only, the lab is one researcher's and every request acts as admin; bound to any other address,
/// every request needs an account, a token or a share link — also those from this machine, because a reverse proxy
/// on the same machine makes every visitor's request come from loopback. Behind such a proxy set
/// <c>Lab:Auth:Required=true</c>.
/// </summary>
public sealed class LabAccessSettings
{
    public const string Section = "Lab:Auth";
    public const string RequiredKey = "Lab:Auth:Required";

    /// <summary>Logins even on loopback (behind a reverse proxy on the same machine).</summary>
    public bool Required { get; init; }

    /// <summary>How long a login lasts without a visit.</summary>
    public TimeSpan LoginLifetime { get; init; } = TimeSpan.FromDays(14);

    /// <summary>Sign-in through an identity provider; off unless <c>Lab:Auth:Oidc:Authority</c> is set.</summary>
    public OidcSettings Oidc { get; init; } = new();

    /// <summary>The configured addresses beyond loopback (set by <see cref="Read"/>).</summary>
    public IReadOnlyList<string> OpenAddresses { get; private init; } = [];

    /// <summary>Whether requests need credentials: bound beyond loopback, or required.</summary>
    public bool IsOn => Required || OpenAddresses.Count > 0;

    public static LabAccessSettings Read(IConfiguration configuration)
    {
        var settings = configuration.GetSection(Section).Get<LabAccessSettings>() ?? new LabAccessSettings();
        return new LabAccessSettings
        {
            Required = settings.Required,
            LoginLifetime = settings.LoginLifetime,
            Oidc = settings.Oidc,
            OpenAddresses = ListenAddresses.BeyondLoopback(configuration),
        };
    }

    /// <summary>Why the lab must not start: logins needed and no way to log in. Null when it may.</summary>
    public string? Refusal(int accounts)
    {
        if (!IsOn || accounts > 0 || Oidc.IsConfigured) return null;
        var why = OpenAddresses.Count > 0
            ? $"The lab is set to listen on {string.Join(", ", OpenAddresses)}, which other machines can reach"
            : $"{RequiredKey} is true";
        return $"{why}, but no account exists, so nobody could log in. "
               + "Create the first admin (it asks for a password) and start again: "
               + "dotnet run --project src/Web -- account add --name alice --role admin "
               + "(or with the built app: dotnet UNet3D.Lab.Web.dll account add --name alice --role admin; give the same Lab:DataDirectory). "
               + "Or configure an identity provider (Lab:Auth:Oidc:Authority, ClientId, ClientSecret), "
               + "or listen on loopback only (--urls http://127.0.0.1:5080).";
    }
}
