using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using UNet3D.Lab.Experiments.Protocols;
using UNet3D.Lab.Experiments.Runs;
using UNet3D.Lab.Experiments.Training;
using UNet3D.Lab.Silo.Json;
using UNet3D.Lab.Silo.Models;
using UNet3D.Lab.Silo.Runs;
using UNet3D.Lab.Tests.Shared;
using UNet3D.Lab.Web.Api;

namespace UNet3D.Lab.Web.Tests;

/// <summary>
/// The OpenAPI document describes every endpoint the lab maps under /api, with the lab's JSON dialect in its schemas,
/// and it and the reference page are served to a browser whatever site it comes from.
/// </summary>
public sealed class ApiDocumentTests : IAsyncLifetime
{
    private readonly LabWebApplicationFactory lab = new(workerSlots: 0);
    private HttpClient client = null!;

    public Task InitializeAsync()
    {
        client = lab.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await lab.DisposeAsync();
        lab.DeleteData();
    }

    [Fact]
    public async Task Every_api_endpoint_is_described_with_summary_tags_and_schemas()
    {
        var document = await Document();
        var endpoints = ApiEndpoints();
        // The enumeration itself: the endpoints every lab has.
        Assert.Contains(endpoints, e => e.Method == "POST" && e.Path == "/api/experiments");
        Assert.Contains(endpoints, e => e.Method == "GET" && e.Path == "/api/suites/{id}/table.csv");
        Assert.Contains(endpoints, e => e.Path.StartsWith("/api/datasets", StringComparison.Ordinal));

        var problems = endpoints.SelectMany(e => ProblemsOf(e, document)).ToList();
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public async Task Document_describes_only_api_endpoints_the_lab_maps()
    {
        var document = await Document();
        var mapped = ApiEndpoints().Select(e => $"{e.Method} {e.Path}").ToHashSet();
        var described = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Select(operation => $"{operation.Key.ToUpperInvariant()} {path.Key}"))
            .ToList();
        Assert.NotEmpty(described);
        // Neither the exception handler's /error nor the pages nor the reference itself.
        Assert.All(described, operation => Assert.Contains(operation, mapped));
    }

    [Fact]
    public async Task Experiment_spec_schema_has_the_training_fields_in_the_lab_dialect()
    {
        var document = await Document();
        var request = document["paths"]!["/api/experiments"]!["post"]!["requestBody"]!["content"]!["application/json"]!["schema"]!;
        var spec = Resolve(document, request);
        Assert.Same(Component(document, nameof(ExperimentSpec)), spec);
        var properties = spec["properties"]!;

        Assert.Equal(["model"], spec["required"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(["3d", "2d"], EnumValues(document, properties["model"]!));
        Assert.Equal(["sgd", "adam"], EnumValues(document, properties["optimizer"]!));
        Assert.Equal(["constant", "cosine", "polynomial"], EnumValues(document, properties["schedule"]!));
        Assert.Equal(["fp32", "bf16", "fp16"], EnumValues(document, properties["precision"]!));
        Assert.True(AllowsNull(document, properties["optimizer"]!), "optimizer may be null (the preset's)");
        Assert.Equal("boolean", properties["batchStatisticsAtInference"]!["type"]!.GetValue<string>());
        Assert.Equal("integer", properties["iouClasses"]!["items"]!["type"]!.GetValue<string>());

        // Numbers of the dialect: a number, or NaN and the infinities written as strings; null where the property may be.
        foreach (var name in new[] { "learningRate", "gradientClipNorm" })
        {
            var number = properties[name]!;
            Assert.Null(number["type"]);
            Assert.Equal(["number", "string", "null"], number["anyOf"]!.AsArray().Select(b => b!["type"]!.GetValue<string>()));
            Assert.Equal(["NaN", "Infinity", "-Infinity"], number["anyOf"]![1]!["enum"]!.AsArray().Select(v => v!.GetValue<string>()));
        }
        var weight = properties["classWeights"]!["items"]!;
        Assert.Equal(["number", "string"], weight["anyOf"]!.AsArray().Select(b => b!["type"]!.GetValue<string>()));

        // A dataset is its id or {id, annotatedSlices}.
        var dataset = properties["datasets"]!["items"]!["oneOf"]!.AsArray();
        Assert.Equal(["string", "object"], dataset.Select(b => b!["type"]!.GetValue<string>()));
        Assert.NotNull(dataset[1]!["properties"]!["annotatedSlices"]);
    }

    [Fact]
    public async Task Every_enum_lists_the_names_the_api_writes()
    {
        var document = await Document();
        AssertEnum<ModelKind>(document);
        AssertEnum<OptimizerKind>(document);
        AssertEnum<LearningRateSchedule>(document);
        AssertEnum<Precision>(document);
        AssertEnum<ExperimentStatus>(document);
        AssertEnum<AblationStatus>(document);
        AssertEnum<ClaimVerdict>(document);
    }

    [Fact]
    public async Task Post_bodies_name_their_schemas()
    {
        var document = await Document();
        Assert.Same(Component(document, nameof(ExperimentSpec)), Resolve(document, RequestSchema(document, "/api/experiments")));
        Assert.Same(Component(document, nameof(TableRequest)), Resolve(document, RequestSchema(document, "/api/suites")));
        Assert.Equal("integer", Component(document, nameof(TableRequest))["properties"]!["table"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task List_query_parameters_and_the_patch_body_are_described()
    {
        var document = await Document();
        var parameters = document["paths"]!["/api/experiments"]!["get"]!["parameters"]!.AsArray();
        Assert.Equal(RunQueryParameters.Names, parameters.Select(p => p!["name"]!.GetValue<string>()));
        Assert.All(parameters, p => Assert.Equal("query", p!["in"]!.GetValue<string>()));
        Assert.All(parameters, p => Assert.False(string.IsNullOrWhiteSpace(p!["description"]?.GetValue<string>())));
        var limit = parameters.Single(p => p!["name"]!.GetValue<string>() == "limit")!["schema"]!;
        Assert.Equal(("integer", 1, 200, 50), (limit["type"]!.GetValue<string>(), limit["minimum"]!.GetValue<int>(), limit["maximum"]!.GetValue<int>(), limit["default"]!.GetValue<int>()));
        var sort = parameters.Single(p => p!["name"]!.GetValue<string>() == "sort")!["schema"]!["enum"]!.AsArray().Select(v => v!.GetValue<string>()).ToArray();
        Assert.Contains("-meanIou", sort);
        Assert.Contains("name", sort);

        var patch = Resolve(document, document["paths"]!["/api/experiments/{id}"]!["patch"]!["requestBody"]!["content"]!["application/json"]!["schema"]!);
        Assert.Same(Component(document, nameof(RunAnnotation)), patch);
        Assert.Equal(["name", "tags", "note"], patch["properties"]!.AsObject().Select(p => p.Key));
        Assert.NotNull(document["paths"]!["/api/experiments/{id}"]!["delete"]!["responses"]!["409"]);
    }

    [Fact]
    public async Task Series_query_values_are_shown_as_the_integers_they_must_be()
    {
        var document = await Document();
        var read = document["paths"]!["/api/experiments/{id}/series/{name}"]!["get"]!;
        var parameters = read["parameters"]!.AsArray();
        foreach (var name in new[] { "maxPoints", "from", "to" })
        {
            var parameter = parameters.Single(p => p!["name"]!.GetValue<string>() == name)!;
            Assert.Equal("query", parameter["in"]!.GetValue<string>());
            Assert.Equal("integer", parameter["schema"]!["type"]!.GetValue<string>());
            Assert.False(string.IsNullOrWhiteSpace(parameter["description"]?.GetValue<string>()), $"{name} has no description");
        }
        Assert.NotNull(read["responses"]!["400"]);
        Assert.NotNull(read["responses"]!["404"]);
    }

    [Theory]
    [InlineData("/openapi/v1.json", "application/json")]
    [InlineData("/reference/", "text/html")]
    public async Task Document_and_reference_are_served_to_a_page_of_any_site(string path, string mediaType)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://127.0.0.1:5080" + path);
        request.Headers.Add("Sec-Fetch-Site", "cross-site");
        request.Headers.Add("Origin", "http://elsewhere.example");

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Reference_page_loads_scalar_from_the_lab_not_from_a_cdn()
    {
        var html = await client.GetStringAsync(ApiReference.ReferencePath + "/");
        var scripts = System.Text.RegularExpressions.Regex.Matches(html, "<script[^>]*\\ssrc=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToArray();

        Assert.Contains("scalar.js", scripts);
        Assert.All(scripts, src => Assert.DoesNotMatch("^(https?:)?//", src));
        Assert.DoesNotContain("fonts.scalar.com", html);
        Assert.Contains("\"withDefaultFonts\":false", html);
        var bundle = await client.GetAsync(ApiReference.ReferencePath + "/scalar.js");
        Assert.Equal(HttpStatusCode.OK, bundle.StatusCode);
        Assert.Equal("text/javascript", bundle.Content.Headers.ContentType?.MediaType);
        Assert.True((await bundle.Content.ReadAsByteArrayAsync()).Length > 100_000, "the bundle is Scalar's whole API reference");
    }

    private sealed record ApiEndpoint(string Method, string Path, RouteEndpoint Endpoint);

    /// <summary>Every endpoint the app maps under /api, one per method.</summary>
    private List<ApiEndpoint> ApiEndpoints() =>
        lab.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => (Endpoint: e, Path: PathOf(e.RoutePattern)))
            .Where(e => e.Path == "/api" || e.Path.StartsWith("/api/", StringComparison.Ordinal))
            // An endpoint that exists only to refuse (a body of the wrong kind) says so and is left out of the document.
            .Where(e => e.Endpoint.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>() is not { ExcludeFromDescription: true })
            .SelectMany(e => (e.Endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["(any method)"])
                .Select(method => new ApiEndpoint(method, e.Path, e.Endpoint)))
            .ToList();

    /// <summary>The route as OpenAPI writes it: <c>/api/experiments/{id}</c>, no trailing slash, no constraints.</summary>
    private static string PathOf(RoutePattern pattern) =>
        "/" + string.Join('/', pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternSeparatorPart separator => separator.Content,
            RoutePatternParameterPart parameter => $"{{{parameter.Name}}}",
            _ => throw new InvalidOperationException($"unexpected route part {part}"),
        }))));

    private static IEnumerable<string> ProblemsOf(ApiEndpoint api, JsonNode document)
    {
        var at = $"{api.Method} {api.Path}";
        if (document["paths"]?[api.Path]?[api.Method.ToLowerInvariant()] is not JsonObject operation)
        {
            yield return $"{at} is not in the document";
            yield break;
        }
        if (string.IsNullOrWhiteSpace(operation["summary"]?.GetValue<string>())) yield return $"{at} has no summary";

        // The generator names a tag after the declaring class when the endpoint names none: the tags must be the endpoint's own.
        var declared = api.Endpoint.Metadata.GetOrderedMetadata<ITagsMetadata>().SelectMany(t => t.Tags).ToArray();
        var tags = operation["tags"]?.AsArray().Select(t => t!.GetValue<string>()).ToArray() ?? [];
        if (declared.Length == 0) yield return $"{at} names no tag (WithTags)";
        else if (!tags.SequenceEqual(declared)) yield return $"{at} is tagged [{string.Join(", ", tags)}] in the document, [{string.Join(", ", declared)}] on the endpoint";

        var responses = operation["responses"]?.AsObject().ToArray() ?? [];
        if (!responses.Any(r => r.Key.StartsWith('2'))) yield return $"{at} declares no success response";
        foreach (var (status, response) in responses)
        {
            // A 204 has no body by definition.
            if (status.StartsWith('5') || status == "204") continue;
            var content = response?["content"]?.AsObject();
            if (content is null || content.Count == 0) yield return $"{at} answers {status} without a declared body";
            else foreach (var (type, media) in content)
                if (media?["schema"] is null) yield return $"{at} answers {status} {type} without a schema";
        }

        // What the endpoint reads (a JSON body it parses itself, Accepts<T>, form binding) the document shows with a schema.
        var reads = api.Endpoint.Metadata.GetMetadata<JsonRequestBody>() is null ? [] : new[] { "application/json" };
        reads = [.. reads, .. api.Endpoint.Metadata.GetMetadata<IAcceptsMetadata>()?.ContentTypes ?? []];
        if (reads.Length == 0 && operation["requestBody"] is not null) yield return $"{at} documents a body it does not declare";
        foreach (var type in reads)
            if (operation["requestBody"]?["content"]?[type]?["schema"] is null) yield return $"{at} reads {type} but the document shows no schema for it";
    }

    private async Task<JsonNode> Document()
    {
        var response = await client.GetAsync(ApiReference.DocumentPath);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private static JsonNode RequestSchema(JsonNode document, string path) =>
        document["paths"]![path]!["post"]!["requestBody"]!["content"]!["application/json"]!["schema"]!;

    private static JsonNode Component(JsonNode document, string name) =>
        document["components"]?["schemas"]?[name] ?? throw new Xunit.Sdk.XunitException($"no component schema '{name}'");

    /// <summary>The schema a $ref points at, or the schema itself.</summary>
    private static JsonNode Resolve(JsonNode document, JsonNode schema) =>
        schema["$ref"]?.GetValue<string>() is { } reference ? Component(document, reference["#/components/schemas/".Length..]) : schema;

    /// <summary>The enum of a schema, of its $ref, or of the branch of its oneOf that is not null.</summary>
    private static string[] EnumValues(JsonNode document, JsonNode schema)
    {
        var resolved = Resolve(document, schema);
        if (resolved["enum"] is JsonArray values) return values.Select(v => v!.GetValue<string>()).ToArray();
        var branches = resolved["oneOf"]?.AsArray().Where(b => b!["type"]?.ToString() != "null").ToArray() ?? [];
        Assert.True(branches.Length == 1, $"expected an enum or a nullable enum, got {resolved.ToJsonString()}");
        return EnumValues(document, branches[0]!);
    }

    private static bool AllowsNull(JsonNode document, JsonNode schema) =>
        schema["oneOf"]?.AsArray().Any(b => b!["type"]?.ToString() == "null") == true
        || schema["type"]?.ToJsonString().Contains("null", StringComparison.Ordinal) == true;

    private static void AssertEnum<TEnum>(JsonNode document) where TEnum : struct, Enum
    {
        var written = Enum.GetValues<TEnum>().Select(v => JsonSerializer.Serialize(v, LabJson.Options).Trim('"')).ToArray();
        var component = Component(document, typeof(TEnum).Name);
        Assert.Equal(written, component["enum"]!.AsArray().Select(v => v?.GetValue<string>()));
        Assert.Equal("string", component["type"]?.GetValue<string>());
    }
}
