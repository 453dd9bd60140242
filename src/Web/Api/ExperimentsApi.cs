using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using UNet3D.Lab.Silo.Json;

namespace UNet3D.Lab.Web.Api;

/// <summary>The JSON API under <c>/api/experiments</c>, so scripts can drive the lab.</summary>
public static class ExperimentsApi
{
    public static IEndpointRouteBuilder MapExperimentsApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/experiments").WithTags("Experiments");
        api.MapPost("/", Create).AcceptsJson<ExperimentSpec>()
            .Describe("Start an experiment",
                "Queues the experiment and answers with its id and page. Every field but model is optional; unknown fields are errors, "
                + "and a 400 problem document names each bad field.");
        api.MapGet("/", List).Describe("All experiments, newest first", "Each with its status, progress and, once finished, its headline IoU.");
        api.MapGet("/{id}", Get).Describe("An experiment: configuration with its defaults, status, progress, curve and metrics",
            "The configuration as it takes effect (every default written out), the loss curve so far and, once completed, "
            + "the IoU of each sample on the voxels training did not see.");
        api.MapPost("/{id}/cancel", Cancel).Describe("Cancel a queued or running experiment",
            "A queued experiment is cancelled at once, a running one when its worker next reports; a finished one stays as it is.");
        return routes;
    }

    /// <summary>The page a researcher shares: the same link opens the same experiment anywhere.</summary>
    public static string PageUrl(HttpRequest request, string id) => $"{request.Scheme}://{request.Host}/experiments/{Uri.EscapeDataString(id)}";

    private static async Task<Results<Created<ExperimentCreated>, ValidationProblem>> Create(HttpRequest http, ExperimentClient lab, DatasetClient datasets)
    {
        var (spec, problems) = await StrictJson.ReadAsync<ExperimentSpec>(http.Body, http.HttpContext.RequestAborted);
        if (spec is null) return ApiProblems.Invalid(problems, "Invalid experiment");
        problems = [.. spec.Problems(), .. await ExperimentDatasetProblems.Of(spec, datasets)];
        if (problems.Count > 0) return ApiProblems.Invalid(problems, "Invalid experiment");

        var snapshot = await lab.Create(spec);
        return TypedResults.Created($"/api/experiments/{snapshot.Id}", new ExperimentCreated(snapshot.Id, PageUrl(http, snapshot.Id), "queued"));
    }

    private static async Task<Ok<ExperimentSummaryView[]>> List(HttpRequest http, ExperimentClient lab)
    {
        var experiments = await lab.List();
        return TypedResults.Ok(experiments.Select(s => ExperimentSummaryView.From(s, PageUrl(http, s.Id))).ToArray());
    }

    private static async Task<Results<Ok<ExperimentView>, NotFound<ProblemDetails>>> Get(string id, HttpRequest http, ExperimentClient lab) =>
        await lab.Get(id) is { } snapshot ? TypedResults.Ok(ExperimentView.From(snapshot, PageUrl(http, id))) : NotFound(id);

    private static async Task<Results<Ok<ExperimentView>, NotFound<ProblemDetails>>> Cancel(string id, HttpRequest http, ExperimentClient lab) =>
        await lab.Cancel(id) is { } snapshot ? TypedResults.Ok(ExperimentView.From(snapshot, PageUrl(http, id))) : NotFound(id);

    private static NotFound<ProblemDetails> NotFound(string id) => ApiProblems.NotFound($"No experiment with id '{id}'.");
}
