namespace UNet3D.Lab.Web.Access;

/// <summary><c>Lab:Auth:Oidc</c>: an OpenID Connect identity provider for labs that have one.</summary>
public sealed class OidcSettings
{
    public const string Scheme = "oidc";

    public string? Authority { get; init; }

    public string? ClientId { get; init; }

    public string? ClientSecret { get; init; }

    /// <summary>The role of a person the provider signs in who has no lab account of that name.</summary>
    public string DefaultRole { get; init; } = LabRoles.Viewer;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Authority);
}
