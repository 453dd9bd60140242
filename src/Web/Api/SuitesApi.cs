using System.Text.Json;
using System.Text.Json.Serialization;
using UNet3D.Lab.Experiments.Runs;
using UNet3D.Lab.Silo.Models;
using UNet3D.Lab.Silo.Suites;
using UNet3D.Lab.Web.Services;

namespace UNet3D.Lab.Web.Api;

/// <summary>
/// The JSON API under <c>/api/suites</c>: reproduce one of the paper's tables, follow its cells and read the table,
/// the claims and the CSV and Markdown exports.
/// </summary>
public static class SuitesApi
{
    private static readonly JsonSerializerOptions RequestJson = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public static IEndpointRouteBuilder MapSuitesApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/suites");
        api.MapPost("/", Create).RequireJsonContent();
        api.MapGet("/", List);
        api.MapGet("/{id}", Get);
        api.MapGet("/{id}/table.csv", Csv);
        api.MapGet("/{id}/table.md", Markdown);
        return routes;
    }

    private static string BaseUrl(HttpRequest request) => $"{request.Scheme}://{request.Host}";

    private static async Task<IResult> Create(HttpRequest http, SuiteClient suites)
    {
        SuiteRequestBody? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<SuiteRequestBody>(http.Body, RequestJson, http.HttpContext.RequestAborted);
        }
        catch (JsonException e)
        {
            var field = e.Path is { Length: > 2 } path ? path.TrimStart('$', '.') : "body";
            return Invalid([new SpecProblem(field, $"is not valid JSON for this field ({e.Message.Split(" Path:")[0]})")]);
        }
        if (body is null) return Invalid([new SpecProblem("body", "must be a JSON object such as {\"table\":1}")]);
        if (body.Table is not { } table) return Invalid([new SpecProblem("table", "is required: 1, 2 or 3")]);

        var request = new SuiteRequest
        {
            Table = table,
            Preset = body.Preset ?? "smoke",
            Seeds = body.Seeds ?? 1,
            Datasets = body.Datasets,
            Iterations = body.Iterations,
            Fresh = body.Fresh ?? false,
        };
        var problems = suites.Problems(request);
        if (problems.Count > 0) return Invalid(problems);

        var suite = await suites.Start(request);
        var url = $"{BaseUrl(http)}/tables/{Uri.EscapeDataString(suite.Id)}";
        return Results.Created($"/api/suites/{suite.Id}", new
        {
            id = suite.Id, url, status = suite.Status.ToString().ToLowerInvariant(), cells = suite.Cells.Length, runs = suite.RunCount,
        });
    }

    private static async Task<IResult> List(HttpRequest http, SuiteClient suites) =>
        Results.Ok((await suites.List()).Select(s => SuiteSummaryView.From(s, BaseUrl(http))));

    private static async Task<IResult> Get(string id, HttpRequest http, SuiteClient suites) =>
        await suites.Get(id) is { } suite ? Results.Ok(SuiteView.From(suite, BaseUrl(http))) : NotFound(id);

    private static async Task<IResult> Csv(string id, SuiteClient suites) =>
        await suites.Get(id) is { } suite
            ? Results.Text(SuiteReport.Of(suite).Csv, "text/csv; charset=utf-8")
            : NotFound(id);

    private static async Task<IResult> Markdown(string id, SuiteClient suites) =>
        await suites.Get(id) is { } suite
            ? Results.Text(SuiteReport.Of(suite).Markdown, "text/markdown; charset=utf-8")
            : NotFound(id);

    private static IResult NotFound(string id) => Results.NotFound(new { error = $"No suite with id '{id}'." });

    private static IResult Invalid(IReadOnlyList<SpecProblem> problems) =>
        Results.ValidationProblem(problems.GroupBy(p => p.Field).ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray()),
            detail: string.Join("; ", problems), title: "Invalid suite");
}
