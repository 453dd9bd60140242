using System.Diagnostics;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Diagnostics;

namespace UNet3D.Lab.Web.Errors;

/// <summary>
/// Where the exception handler sends a request that failed outside Development: a problem document for the API and
/// a plain page for everything else. The page is static HTML, not a Blazor page, so that it renders even when what
/// failed is the page machinery itself. The exception goes to the lab's log, never to the client.
/// </summary>
public static class ErrorEndpoint
{
    public const string Path = "/error";

    public static IEndpointRouteBuilder MapErrorEndpoint(this IEndpointRouteBuilder routes)
    {
        // Every method: the handler re-runs the failed request here with its own method.
        routes.Map(Path, Respond).ExcludeFromDescription();
        return routes;
    }

    private static IResult Respond(HttpContext context)
    {
        // Visited directly there is no error to report.
        if (context.Features.Get<IExceptionHandlerPathFeature>() is not { } failure) return Results.NotFound();
        var traceId = Activity.Current?.Id ?? context.TraceIdentifier;
        var what = $"{context.Request.Method} {failure.Path}";
        if (failure.Path.StartsWith("/api/", StringComparison.OrdinalIgnoreCase) || failure.Path.Equals("/api", StringComparison.OrdinalIgnoreCase))
        {
            return Results.Problem(title: "Internal error", statusCode: StatusCodes.Status500InternalServerError,
                detail: $"{what} failed on the server; the lab's log has the exception under traceId {traceId}.");
        }
        return Results.Content(Page(what, traceId), "text/html; charset=utf-8", statusCode: StatusCodes.Status500InternalServerError);
    }

    private static string Page(string what, string traceId)
    {
        var html = HtmlEncoder.Default;
        return $"""
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><title>Error - UNet3D.Lab</title></head>
            <body style="font-family: sans-serif; max-width: 40rem; margin: 4rem auto;">
            <h1>Something went wrong</h1>
            <p>The lab could not answer <code>{html.Encode(what)}</code>. The lab's log has the exception under trace id
            <code>{html.Encode(traceId)}</code>.</p>
            <p><a href="/">Back to the experiments</a></p>
            </body>
            </html>
            """;
    }
}
