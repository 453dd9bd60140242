namespace UNet3D.Lab.Web.Api;

/// <summary>
/// Endpoints that read a JSON body refuse any other content type with 415. A browser sends <c>text/plain</c> and
/// form bodies across sites without asking first, but never <c>application/json</c>; the framework's own JSON body
/// binding draws the same line (<see cref="HttpRequestJsonExtensions.HasJsonContentType(HttpRequest)"/>).
/// </summary>
public static class JsonContentRequirement
{
    /// <summary>The endpoint reads a <typeparamref name="TBody"/> as JSON: anything else gets a 415 problem saying so.</summary>
    public static RouteHandlerBuilder AcceptsJson<TBody>(this RouteHandlerBuilder endpoint) =>
        endpoint.RequireJsonContent().WithMetadata(new JsonRequestBody(typeof(TBody)));

    private static RouteHandlerBuilder RequireJsonContent(this RouteHandlerBuilder endpoint) =>
        endpoint.AddEndpointFilter(async (context, next) =>
        {
            var request = context.HttpContext.Request;
            if (request.HasJsonContentType()) return await next(context);
            var sent = string.IsNullOrEmpty(request.ContentType) ? "has no content-type" : $"has content-type '{request.ContentType}'";
            return Results.Problem(
                detail: $"The body of {request.Method} {request.Path} must be JSON sent with content-type: application/json; this request {sent}.",
                statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported content type");
        }).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
}
