using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace UNet3D.Lab.Web.Api;

/// <summary>
/// Where the OpenAPI generator of ASP.NET Core 10 misdescribes the lab's JSON dialect, the schema is put right so that
/// what the document says is what the API reads and writes.
/// </summary>
public static class LabOpenApiSchemas
{
    private static readonly string[] NamedFloatingPointLiterals = ["NaN", "Infinity", "-Infinity"];

    public static OpenApiOptions DescribeLabJson(this OpenApiOptions options)
    {
        options.AddSchemaTransformer(FloatingPointNumbers);
        options.AddSchemaTransformer(DatasetSelections);
        options.AddDocumentTransformer(EnumComponentsWithoutNull);
        return options;
    }

    /// <summary>
    /// The dialect writes NaN and the infinities as strings ("NaN"): the exporter says so with an anyOf, but the
    /// generator adds <c>type: object</c> to every anyOf (no number would then match) and drops the null of a
    /// <c>double?</c> (dotnet/runtime#129432). A number, one of the three strings, or null where the property may be.
    /// </summary>
    private static Task FloatingPointNumbers(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellation)
    {
        var type = context.JsonTypeInfo.Type;
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (underlying != typeof(double) && underlying != typeof(float)) return Task.CompletedTask;

        var format = underlying == typeof(double) ? "double" : "float";
        schema.Type = null;
        schema.Format = null;
        schema.Pattern = null;
        schema.AnyOf =
        [
            new OpenApiSchema { Type = JsonSchemaType.Number, Format = format },
            new OpenApiSchema { Type = JsonSchemaType.String, Enum = [.. NamedFloatingPointLiterals.Select(l => (JsonNode)JsonValue.Create(l))] },
        ];
        if (underlying != type) schema.AnyOf.Add(new OpenApiSchema { Type = JsonSchemaType.Null });
        return Task.CompletedTask;
    }

    /// <summary>
    /// A dataset an experiment uses is read by its own converter, of which the exporter knows nothing (it leaves the
    /// lists of them without items): its id, or an object with the id and the annotated slices of that dataset.
    /// </summary>
    private static Task DatasetSelections(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellation)
    {
        var typeInfo = context.JsonTypeInfo;
        if (typeInfo.Type == typeof(DatasetSelection)) schema.OneOf = DatasetSelectionSchema().OneOf;
        else if (typeInfo.ElementType == typeof(DatasetSelection) && schema.Items is null) schema.Items = DatasetSelectionSchema();
        return Task.CompletedTask;
    }

    private static OpenApiSchema DatasetSelectionSchema() => new()
    {
        OneOf =
        [
            new OpenApiSchema { Type = JsonSchemaType.String, Description = "The dataset's id (ds-…, or a built-in phantom such as phantom-tiny-s1)." },
            new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Required = new HashSet<string> { "id" },
                Properties = new Dictionary<string, IOpenApiSchema>
                {
                    ["id"] = new OpenApiSchema { Type = JsonSchemaType.String },
                    ["annotatedSlices"] = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Array | JsonSchemaType.Null,
                        Items = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" },
                        Description = "Planes annotated along x, y, z in this dataset; null takes the experiment's annotatedSlices.",
                    },
                },
                AdditionalPropertiesAllowed = false,
            },
        ],
    };

    /// <summary>
    /// An enum first met as a nullable property becomes a component that lists null among its values
    /// (dotnet/aspnetcore#60986); the properties that may be null already say so beside their reference.
    /// </summary>
    private static Task EnumComponentsWithoutNull(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellation)
    {
        foreach (var schema in document.Components?.Schemas?.Values.OfType<OpenApiSchema>() ?? [])
        {
            if (schema.Enum is not { Count: > 0 } values) continue;
            for (var i = values.Count - 1; i >= 0; i--)
            {
                if (values[i] is null || values[i]!.GetValueKind() == System.Text.Json.JsonValueKind.Null) values.RemoveAt(i);
            }
            if (values.All(v => v!.GetValueKind() == System.Text.Json.JsonValueKind.String)) schema.Type = JsonSchemaType.String;
        }
        return Task.CompletedTask;
    }
}
