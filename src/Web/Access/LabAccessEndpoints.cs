using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.WebUtilities;
using UNet3D.Lab.Web.Compare;

namespace UNet3D.Lab.Web.Access;

/// <summary>Logging out, signing in through the identity provider, and opening a share link.</summary>
public static class LabAccessEndpoints
{
    public static IEndpointRouteBuilder MapLabAccessEndpoints(this IEndpointRouteBuilder routes)
    {
        var access = routes.MapGroup("").ExcludeFromDescription();
        // A form post: ASP.NET Core checks its antiforgery token.
        access.MapPost("/logout", async (HttpContext http, IFormCollection form) =>
        {
            await http.SignOutAsync(LabSchemes.Account);
            await http.SignOutAsync(LabSchemes.Share);
            return Results.Redirect("/login");
        });
        access.MapGet("/login/oidc", (string? returnUrl) =>
            Results.Challenge(new AuthenticationProperties { RedirectUri = LocalOrRoot(returnUrl) }, [OidcSettings.Scheme]));
        access.MapGet(ShareLinkStore.PathPrefix + "{token}", OpenShareLink);
        return routes;
    }

    /// <summary>
    /// Signs the visitor in as the link (for its object; for an ablation or table also that one's runs; for a comparison
    /// the runs its query names and its ablation with that one's runs) and shows the object.
    /// </summary>
    private static async Task<IResult> OpenShareLink(string token, HttpContext http, ShareLinkStore links, AblationClient ablations)
    {
        if (links.Open(token) is not { } link)
            return Results.Content("<!DOCTYPE html><title>Link not valid</title><p>This read-only link of UNet3D.Lab was revoked, has expired or is not a link of this lab.</p>",
                "text/html", statusCode: StatusCodes.Status404NotFound);
        var objects = new List<string> { SharedObjects.Of(link.Kind, link.ObjectId) };
        var ablationId = link.Kind is SharedObjects.Ablation or SharedObjects.Table ? link.ObjectId : null;
        if (link.Kind == SharedObjects.Comparison)
        {
            var (query, _) = CompareQueryParameters.Parse(QueryHelpers.ParseQuery(link.ObjectId));
            objects.AddRange(query.Ids.Select(id => SharedObjects.Of(SharedObjects.Experiment, id)));
            ablationId = query.Ablation;
        }
        if (ablationId is not null && await ablations.Get(ablationId) is { } ablation)
        {
            objects.Add(SharedObjects.Of(SharedObjects.Ablation, ablation.Id));
            objects.AddRange(ablation.Cells.SelectMany(c => c.Runs).Select(r => r.ExperimentId).OfType<string>()
                .Select(id => SharedObjects.Of(SharedObjects.Experiment, id)));
        }
        await http.SignInAsync(LabSchemes.Share, LabClaims.Share(link.Id, objects.Distinct(), LabSchemes.Share),
            new AuthenticationProperties { ExpiresUtc = link.Expires, IsPersistent = link.Expires is not null });
        return Results.Redirect(SharedObjects.PagePath(link.Kind, link.ObjectId));
    }

    /// <summary>A return address inside the lab, never another site's.</summary>
    public static string LocalOrRoot(string? returnUrl) =>
        returnUrl is { Length: > 0 } && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal) && !returnUrl.StartsWith("/\\", StringComparison.Ordinal)
            ? returnUrl : "/";
}
