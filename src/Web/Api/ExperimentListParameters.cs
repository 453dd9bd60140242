using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using UNet3D.Lab.Silo.Runs;

namespace UNet3D.Lab.Web.Api;

/// <summary>
/// The query parameters of <c>GET /api/experiments</c> in the OpenAPI document. The endpoint reads the query string
/// itself (<see cref="RunQueryParameters"/>), so that a bad value gets a 400 naming its parameter rather than the
/// framework's bare 400; this says what it reads.
/// </summary>
public static class ExperimentListParameters
{
    public static Task Describe(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellation)
    {
        operation.Parameters ??= [];
        Add(operation, RunQueryParameters.Ids,
            FormattableString.Invariant($"Only the runs with these ids, separated by commas (at most {RunQuery.MaxIds}): a compare view's runs in one request."), Text());
        Add(operation, RunQueryParameters.Search, "Runs whose name or id contains this text, ignoring case.", Text());
        Add(operation, RunQueryParameters.Status, "Runs with this status.", Choice(RunQueryParameters.Statuses));
        Add(operation, RunQueryParameters.Model, "Runs of this network.", Choice(RunQueryParameters.Models));
        Add(operation, RunQueryParameters.Preset, "Runs of this preset.", Choice(RunQueryParameters.Presets));
        Add(operation, RunQueryParameters.Tag, "Runs with this tag, ignoring case.", Text(RunAnnotation.MaxTagLength));
        Add(operation, RunQueryParameters.Ablation, "Runs that this ablation (or table run) uses.", Text());
        Add(operation, RunQueryParameters.Sort,
            "The column to sort by, \"-\" in front for descending (default -createdAt, newest first). Runs without a value come last either way.",
            Choice(RunQueryParameters.SortColumns.SelectMany(c => new[] { c, "-" + c }).ToArray()));
        Add(operation, RunQueryParameters.Limit, FormattableString.Invariant($"Runs per page, 1 to {RunQuery.MaxLimit} (default {RunQuery.DefaultLimit})."),
            Integer(1, RunQuery.MaxLimit, RunQuery.DefaultLimit));
        Add(operation, RunQueryParameters.Offset, "Runs to skip before the page (default 0).", Integer(0, null, 0));
        return Task.CompletedTask;
    }

    private static void Add(OpenApiOperation operation, string name, string description, OpenApiSchema schema) =>
        operation.Parameters!.Add(new OpenApiParameter { Name = name, In = ParameterLocation.Query, Description = description, Schema = schema });

    private static OpenApiSchema Text(int? maxLength = null) => new() { Type = JsonSchemaType.String, MaxLength = maxLength };

    private static OpenApiSchema Choice(IReadOnlyList<string> values) =>
        new() { Type = JsonSchemaType.String, Enum = [.. values.Select(v => (JsonNode)JsonValue.Create(v))] };

    private static OpenApiSchema Integer(int minimum, int? maximum, int @default) => new()
    {
        Type = JsonSchemaType.Integer,
        Format = "int32",
        Minimum = minimum.ToString(CultureInfo.InvariantCulture),
        Maximum = maximum?.ToString(CultureInfo.InvariantCulture),
        Default = JsonValue.Create(@default),
    };
}
