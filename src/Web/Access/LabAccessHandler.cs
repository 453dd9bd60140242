using System.Reflection;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Endpoints;
using UNet3D.Lab.Web.Compare;

namespace UNet3D.Lab.Web.Access;

/// <summary>
/// Decides the lab's two contextual requirements. An HTTP request (<see cref="LabRequestRequirement"/>): the login
/// page, logging out, share link landings and static files are open; otherwise reads (and the Blazor circuit) need a viewer,
/// other methods an editor, DELETE an admin; a share link may read only its own objects' pages and API. A page
/// (<see cref="LabPageRequirement"/>, on the first request and on every navigation inside the circuit): any
/// account, or a share link on a <see cref="SharedPageAttribute"/> page for its own object.
/// A comparison link is decided differently, since the compare page has no route id (inside the circuit the page's
/// route data carries no query): any comparison link opens <c>/compare</c>, and the page reads only the runs and
/// ablation the link holds (<see cref="CompareLoader"/>, naming the rest as not shared); its CSV exports are allowed
/// only when every run and ablation their query names is held (the loader refuses an ablation's runs not held too).
/// </summary>
public sealed class LabAccessHandler : IAuthorizationHandler
{
    private static readonly string[] StaticExtensions = [".css", ".js", ".mjs", ".map", ".ico", ".png", ".svg", ".woff", ".woff2", ".ttf"];

    public Task HandleAsync(AuthorizationHandlerContext context)
    {
        foreach (var requirement in context.PendingRequirements.ToList())
        {
            var allowed = requirement switch
            {
                LabRequestRequirement when context.Resource is HttpContext http => AllowsRequest(context.User, http),
                LabPageRequirement => AllowsPage(context.User, context.Resource),
                _ => (bool?)null,
            };
            if (allowed == true) context.Succeed(requirement);
        }
        return Task.CompletedTask;
    }

    private static bool AllowsRequest(ClaimsPrincipal user, HttpContext http)
    {
        var request = http.Request;
        var path = request.Path;
        if (IsOpen(request)) return true;
        var circuit = path.StartsWithSegments("/_blazor");
        var safe = HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method);
        if (LabClaims.RoleOf(user) is { } role)
        {
            var needed = HttpMethods.IsDelete(request.Method) && !Api.DatasetAnnotationsApi.IsSlicePath(path) ? LabRoles.Admin : safe || circuit ? LabRoles.Viewer : LabRoles.Editor;
            return LabRoles.Includes(role, needed);
        }
        if (!LabClaims.IsShare(user)) return false;
        if (circuit) return true;
        if (!safe) return false;
        if (path.StartsWithSegments("/api/compare")) return HoldsComparison(user, request.Query);
        return SharedApiObject(path) is { } shared && shared.Any(o => Holds(user, o));
    }

    private static bool IsOpen(HttpRequest request)
    {
        var path = request.Path;
        // Logging out is for everyone, viewers too (a form post, so its antiforgery token is still checked).
        if (path.StartsWithSegments("/login") || path.StartsWithSegments("/logout") || path.StartsWithSegments("/s") || path.StartsWithSegments("/_framework")
            || path.StartsWithSegments("/_content") || path.StartsWithSegments("/error"))
            return true;
        var value = path.Value ?? "";
        return (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) && !path.StartsWithSegments("/api")
               && StaticExtensions.Any(extension => value.EndsWith(extension, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The objects an API path reads, any one of which a share link must hold; null for paths no link opens.</summary>
    private static string[]? SharedApiObject(PathString path)
    {
        var segments = (path.Value ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length < 3 || segments[0] != "api") return null;
        var id = Uri.UnescapeDataString(segments[2]);
        return segments[1] switch
        {
            "experiments" => [SharedObjects.Of(SharedObjects.Experiment, id)],
            "ablations" when segments.Length == 3 => [SharedObjects.Of(SharedObjects.Ablation, id)],
            "suites" => [SharedObjects.Of(SharedObjects.Table, id), SharedObjects.Of(SharedObjects.Ablation, id)],
            _ => null,
        };
    }

    /// <summary>Whether a comparison link's visitor holds every run and the ablation that a compare query names.</summary>
    private static bool HoldsComparison(ClaimsPrincipal user, IQueryCollection parameters)
    {
        if (!LabClaims.HoldsAny(user, SharedObjects.Comparison)) return false;
        var (query, _) = CompareQueryParameters.Parse(parameters);
        return query.HasRuns && query.Ids.All(id => LabClaims.Holds(user, SharedObjects.Experiment, id))
               && (query.Ablation is not { } ablation || LabClaims.Holds(user, SharedObjects.Ablation, ablation));
    }

    private static bool AllowsPage(ClaimsPrincipal user, object? resource)
    {
        if (LabClaims.RoleOf(user) is not null) return true;
        if (!LabClaims.IsShare(user)) return false;
        (Type? page, IReadOnlyDictionary<string, object?>? values) = resource switch
        {
            Microsoft.AspNetCore.Components.RouteData route => (route.PageType, route.RouteValues),
            HttpContext http => (http.GetEndpoint()?.Metadata.GetMetadata<ComponentTypeMetadata>()?.Type, http.Request.RouteValues),
            _ => (null, null),
        };
        if (page is null || values is null) return false;
        return page.GetCustomAttributes<SharedPageAttribute>().Any(shared => shared.IdParameter is null
            ? LabClaims.HoldsAny(user, shared.Kind)
            : values.TryGetValue(shared.IdParameter, out var id) && id?.ToString() is { Length: > 0 } text && Holds(user, SharedObjects.Of(shared.Kind, text)));
    }

    private static bool Holds(ClaimsPrincipal user, string sharedObject) => user.HasClaim(LabClaims.SharedObject, sharedObject);
}
