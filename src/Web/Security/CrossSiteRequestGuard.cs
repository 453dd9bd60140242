namespace UNet3D.Lab.Web.Security;

/// <summary>
/// Refuses requests that change the lab (every method but GET, HEAD, OPTIONS and TRACE, and WebSocket handshakes such
/// as the Blazor circuit's) when a browser sends them on behalf of another site, so that a page a researcher visits
/// cannot queue training runs or push uploads into the lab. Browsers label every request with <c>Sec-Fetch-Site</c>,
/// which pages cannot forge: when present it decides, and only <c>same-origin</c> and <c>none</c> (the user's own
/// navigation) pass; <c>same-site</c> is refused because another port on the same host is the same site. Without it
/// (older browsers) an <c>Origin</c> header must be the lab's own origin or <c>Lab:PublicUrl</c>. A request with
/// neither header is not from a browser (curl, scripts) and passes. This is the rule of Go's CrossOriginProtection and
/// of the Fetch Metadata CSRF protection that ASP.NET Core ships from .NET 11 on.
/// </summary>
public sealed class CrossSiteRequestGuard
{
    public const string PublicUrlKey = "Lab:PublicUrl";
    public const string FetchSiteHeader = "Sec-Fetch-Site";

    private readonly RequestDelegate next;
    private readonly ILogger<CrossSiteRequestGuard> logger;
    private readonly string? publicOrigin;

    public CrossSiteRequestGuard(RequestDelegate next, IConfiguration configuration, ILogger<CrossSiteRequestGuard> logger)
    {
        this.next = next;
        this.logger = logger;
        var publicUrl = configuration[PublicUrlKey];
        if (string.IsNullOrWhiteSpace(publicUrl)) return;
        publicOrigin = OriginOf(publicUrl)
            ?? throw new InvalidOperationException($"{PublicUrlKey} '{publicUrl}' is not an absolute http or https URL such as https://lab.example.org.");
    }

    public Task InvokeAsync(HttpContext context)
    {
        if (Refusal(context) is not { } reason) return next(context);
        logger.LogWarning("Refused {Method} {Path}: {Reason}", context.Request.Method, context.Request.Path, reason);
        return Results.Problem(detail: reason, statusCode: StatusCodes.Status403Forbidden, title: "Cross-site request refused").ExecuteAsync(context);
    }

    /// <summary>Why the request is refused, or null when it may go on.</summary>
    private string? Refusal(HttpContext context)
    {
        var request = context.Request;
        if (IsSafe(request.Method) && !context.WebSockets.IsWebSocketRequest) return null;
        var what = $"{request.Method} {request.Path}";

        var fetchSite = request.Headers[FetchSiteHeader].ToString();
        if (fetchSite.Length > 0)
            return fetchSite is "same-origin" or "none"
                ? null
                : $"{what} was sent by a page of another site ({FetchSiteHeader}: {fetchSite}); only the lab's own pages, "
                  + "and scripts that send no Origin header, may change the lab.";

        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0) return null;
        var ownOrigin = OriginOf($"{request.Scheme}://{request.Host.ToUriComponent()}");
        var sentOrigin = OriginOf(origin);
        if (sentOrigin is not null && (sentOrigin == ownOrigin || sentOrigin == publicOrigin)) return null;
        var allowed = publicOrigin is null ? ownOrigin : $"{ownOrigin} or {publicOrigin}";
        return $"{what} was sent by a page of another origin (Origin: {origin}); the lab accepts changes only from {allowed}, "
               + $"and from scripts that send no Origin header. Behind a proxy, set {PublicUrlKey} to the address browsers use.";
    }

    private static bool IsSafe(string method) =>
        HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method);

    /// <summary><c>scheme://host[:port]</c> as a URI normalises it (lower case, default port dropped), or null.</summary>
    private static string? OriginOf(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped)
            : null;
}
