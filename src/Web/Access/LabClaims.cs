using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;

namespace UNet3D.Lab.Web.Access;

/// <summary>The claims the lab's sign-ins carry, and the principals it builds from them.</summary>
public static class LabClaims
{
    /// <summary>A share link's id: the principal may read only the objects of that link.</summary>
    public const string ShareId = "lab:share";

    /// <summary>One object a share link opens, as <c>kind:id</c> (see <see cref="SharedObjects"/>).</summary>
    public const string SharedObject = "lab:shared-object";

    /// <summary>The identity provider that signed the person in, when one did.</summary>
    public const string Provider = "lab:provider";

    public static ClaimsPrincipal Account(string name, string role, string scheme) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, role)], scheme, ClaimTypes.Name, ClaimTypes.Role));

    public static ClaimsPrincipal Share(string shareId, IEnumerable<string> objects, string scheme) =>
        new(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, "share link"), new Claim(ShareId, shareId), .. objects.Select(o => new Claim(SharedObject, o))],
            scheme, ClaimTypes.Name, ClaimTypes.Role));

    /// <summary>Whether the principal is a share link's visitor (who may read only the objects it holds).</summary>
    public static bool IsShare(ClaimsPrincipal user) => user.Identity?.IsAuthenticated == true && user.HasClaim(c => c.Type == ShareId);

    /// <summary>Whether a share link's visitor holds the object <paramref name="id"/> of <paramref name="kind"/>.</summary>
    public static bool Holds(ClaimsPrincipal user, string kind, string id) => user.HasClaim(SharedObject, SharedObjects.Of(kind, id));

    /// <summary>Whether a share link's visitor holds some object of <paramref name="kind"/>.</summary>
    public static bool HoldsAny(ClaimsPrincipal user, string kind) =>
        user.HasClaim(c => c.Type == SharedObject && c.Value.StartsWith(SharedObjects.Of(kind, ""), StringComparison.Ordinal));

    /// <summary>The account's role, or null for a share link or nobody.</summary>
    public static string? RoleOf(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true ? user.FindFirst(ClaimTypes.Role)?.Value : null;

    public static bool Can(ClaimsPrincipal user, string role) => LabRoles.Includes(RoleOf(user), role);

    /// <summary>
    /// Whether the circuit's user holds <paramref name="role"/>: checked by every component action that changes the
    /// lab, since hiding a button is no protection on its own. No authentication state means no.
    /// </summary>
    public static async Task<bool> CanAsync(Task<AuthenticationState>? authentication, string role) =>
        authentication is not null && Can((await authentication).User, role);

    /// <summary>
    /// The same for rendering: whether to show a control. A server circuit's authentication state is known from its
    /// start; one not yet known shows no control.
    /// </summary>
    public static bool CanNow(Task<AuthenticationState>? authentication, string role) =>
        authentication is { IsCompletedSuccessfully: true } state && Can(state.Result.User, role);
}
