using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace UNet3D.Lab.Web.Api;

/// <summary>
/// The API describes itself: an OpenAPI document at <see cref="DocumentPath"/> generated from the endpoints' metadata
/// and the lab's HTTP JSON options (so its schemas speak the lab's dialect), and Scalar's browsable reference at
/// <see cref="ReferencePath"/>, served from the package's embedded bundle because the lab may have no internet.
/// </summary>
public static class ApiReference
{
    public const string DocumentName = "v1";
    public const string DocumentPath = "/openapi/v1.json";
    public const string ReferencePath = "/reference";

    public static IServiceCollection AddLabOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(DocumentName, options => options.DescribeLabJson()
            .AddOperationTransformer(JsonRequestBody.Describe)
            .AddDocumentTransformer(JsonRequestBody.AddSchemas)
            .AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "UNet3D.Lab",
                    Version = DocumentName,
                    Description = "Run and follow the lab's experiments, import datasets and reproduce the tables of Çiçek et al. (2016). "
                                  + "JSON is camelCase with enums as lower-case strings; a bad request gets a problem document naming each bad field.",
                };
                return Task.CompletedTask;
            }));

    public static IEndpointRouteBuilder MapApiReference(this IEndpointRouteBuilder routes)
    {
        routes.MapOpenApi("/openapi/{documentName}.json");
        // Nothing from the internet: the bundle is the one embedded in Scalar.AspNetCore (the default), and the CDN
        // fonts, telemetry, the AI agent and MCP are off, as is the toolbar of links to Scalar's cloud services.
        routes.MapScalarApiReference(ReferencePath, options => options
            .WithTitle("UNet3D.Lab API")
            .WithOpenApiRoutePattern(DocumentPath)
            .HideDeveloperTools()
            .DisableDefaultFonts()
            .DisableTelemetry()
            .DisableAgent()
            .DisableMcp());
        return routes;
    }
}
