using Microsoft.OpenApi;

namespace UNet3D.Lab.Web.Api;

/// <summary>What the OpenAPI document and the reference page say of an endpoint.</summary>
public static class EndpointDescriptions
{
    public static RouteHandlerBuilder Describe(this RouteHandlerBuilder endpoint, string summary, string? description = null) =>
        description is null ? endpoint.WithSummary(summary) : endpoint.WithSummary(summary).WithDescription(description);

    /// <summary>
    /// A query parameter the endpoint reads as text (to name a bad value in its problem document) is shown as the
    /// integer it must be.
    /// </summary>
    public static RouteHandlerBuilder DescribeIntegerQuery(this RouteHandlerBuilder endpoint, string name, string description) =>
        endpoint.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
            {
                if (parameter.Name != name || parameter.In != ParameterLocation.Query) continue;
                parameter.Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" };
                parameter.Description = description;
            }
            return Task.CompletedTask;
        });
}
