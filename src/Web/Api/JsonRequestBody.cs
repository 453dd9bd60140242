using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace UNet3D.Lab.Web.Api;

/// <summary>
/// Endpoint metadata: the endpoint reads a JSON body of this type itself (with StrictJson). It gives the OpenAPI
/// document the request's schema, as <c>Accepts&lt;T&gt;</c> would, without <c>IAcceptsMetadata</c>: routing reads that
/// too and answers any other content type with an empty 415 before the endpoint can say what it expects.
/// </summary>
public sealed record JsonRequestBody(Type BodyType)
{
    private string SchemaName => BodyType.Name;

    /// <summary>Operation transformer: the body of an endpoint with this metadata refers to its type's schema.</summary>
    public static Task Describe(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellation)
    {
        if (Of(context.Description) is not { } body) return Task.CompletedTask;
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/json"] = new() { Schema = new OpenApiSchemaReference(body.SchemaName, context.Document) },
            },
        };
        return Task.CompletedTask;
    }

    /// <summary>
    /// Document transformer: the schemas those bodies refer to are components. The generator has made one for every
    /// type a response contains (the lab's requests are echoed in its answers); a body type no answer contains is added here.
    /// </summary>
    public static async Task AddSchemas(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellation)
    {
        var bodies = context.DescriptionGroups.SelectMany(g => g.Items).Select(Of).OfType<JsonRequestBody>().Distinct();
        foreach (var body in bodies)
        {
            if (document.Components?.Schemas?.ContainsKey(body.SchemaName) == true) continue;
            document.AddComponent(body.SchemaName, await context.GetOrCreateSchemaAsync(body.BodyType, null, cancellation));
        }
    }

    private static JsonRequestBody? Of(Microsoft.AspNetCore.Mvc.ApiExplorer.ApiDescription description) =>
        description.ActionDescriptor.EndpointMetadata.OfType<JsonRequestBody>().LastOrDefault();
}
