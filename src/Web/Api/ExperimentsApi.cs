using System.Text.Json;
using System.Text.Json.Serialization;
using UNet3D.Lab.Silo.Models;
using UNet3D.Lab.Web.Services;

namespace UNet3D.Lab.Web.Api;

/// <summary>The JSON API under <c>/api/experiments</c>, so scripts can drive the lab.</summary>
public static class ExperimentsApi
{
    // Unknown fields are errors: a misspelt "iteration" must not silently train with the default.
    private static readonly JsonSerializerOptions RequestJson = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public static IEndpointRouteBuilder MapExperimentsApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/experiments");
        api.MapPost("/", Create).RequireJsonContent();
        api.MapGet("/", List);
        api.MapGet("/{id}", Get);
        api.MapPost("/{id}/cancel", Cancel);
        return routes;
    }

    /// <summary>The page a researcher shares: the same link opens the same experiment anywhere.</summary>
    public static string PageUrl(HttpRequest request, string id) => $"{request.Scheme}://{request.Host}/experiments/{Uri.EscapeDataString(id)}";

    private static async Task<IResult> Create(HttpRequest http, LabClient lab, DatasetClient datasets)
    {
        ExperimentRequest? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync<ExperimentRequest>(http.Body, RequestJson, http.HttpContext.RequestAborted);
        }
        catch (JsonException e)
        {
            var field = e.Path is { Length: > 2 } path ? path.TrimStart('$', '.') : "body";
            return Invalid(field, $"is not valid JSON for this field ({e.Message.Split(" Path:")[0]})");
        }
        if (request is null) return Invalid("body", "must be a JSON object such as {\"model\":\"3d\"}");

        var (config, problems) = ExperimentRequestValidation.ToConfig(request, datasets.Find);
        if (config is null)
            return Results.ValidationProblem(problems.GroupBy(p => p.Field).ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray()),
                detail: string.Join("; ", problems), title: "Invalid experiment");

        var snapshot = await lab.Create(config);
        var url = PageUrl(http, snapshot.Id);
        return Results.Created($"/api/experiments/{snapshot.Id}", new { id = snapshot.Id, url, status = "queued" });
    }

    private static async Task<IResult> List(HttpRequest http, LabClient lab)
    {
        var experiments = await lab.List();
        return Results.Ok(experiments.Select(s => ExperimentSummaryView.From(s, PageUrl(http, s.Id))));
    }

    private static async Task<IResult> Get(string id, HttpRequest http, LabClient lab) =>
        await lab.Get(id) is { } snapshot ? Results.Ok(ExperimentView.From(snapshot, PageUrl(http, id))) : NotFound(id);

    private static async Task<IResult> Cancel(string id, HttpRequest http, LabClient lab) =>
        await lab.Cancel(id) is { } snapshot ? Results.Ok(ExperimentView.From(snapshot, PageUrl(http, id))) : NotFound(id);

    private static IResult NotFound(string id) => Results.NotFound(new { error = $"No experiment with id '{id}'." });

    private static IResult Invalid(string field, string message) =>
        Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, detail: $"{field}: {message}", title: "Invalid experiment");
}
