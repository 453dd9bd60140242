using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using UNet3D.Lab.Silo.Json;
using UNet3D.Lab.Silo.Series;

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
        api.MapGet("/{id}", Get).Describe("An experiment: configuration with its defaults, status, progress and metrics",
            "The configuration as it takes effect (every default written out), the step reached, the last loss and the best held-out IoU so far "
            + "and, once completed, the IoU of each sample on the voxels training did not see. The curves are its series.");
        api.MapPost("/{id}/cancel", Cancel).Describe("Cancel a queued or running experiment",
            "A queued experiment is cancelled at once, a running one when its worker next reports; a finished one stays as it is.");
        api.MapGet("/{id}/series", ListSeries).Describe("The experiment's metric series",
            "Each series the run records, with its number of points and last step: loss and learningRate every step, validationIou "
            + "(the headline IoU on the held-out voxels) every evaluateEvery steps and after the last, and validationIou/{class} for each class.");
        api.MapGet("/{id}/series/{**name}", ReadSeries).Describe("A range of a metric series, cut down on the server",
            $"The points of steps from to to (both included; default: all), at most maxPoints of them (default {SeriesStore.DefaultMaxPoints}, "
            + $"at most {SeriesStore.MaxPointsLimit}): all of them when the range holds no more, else the first and last point of the range and the "
            + "lowest and highest point of each of (maxPoints − 2) / 2 equal step buckets between them, so that spikes survive. total counts "
            + "the points stored in the range. A chart follows a running experiment by asking for from = its last step + 1.")
            .DescribeIntegerQuery("maxPoints", $"Most points to return, {SeriesDownsampler.MinimumPoints} to {SeriesStore.MaxPointsLimit} (default {SeriesStore.DefaultMaxPoints}).")
            .DescribeIntegerQuery("from", "First step of the range (default: the first stored).")
            .DescribeIntegerQuery("to", "Last step of the range (default: the last stored).");
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

    private static async Task<Results<Ok<SeriesSummary[]>, NotFound<ProblemDetails>>> ListSeries(string id, ExperimentClient lab) =>
        await lab.ListSeries(id) is { } series ? TypedResults.Ok(series.ToArray()) : NotFound(id);

    private static async Task<Results<Ok<SeriesPage>, ValidationProblem, NotFound<ProblemDetails>>> ReadSeries(
        string id, string name, [FromQuery] string? maxPoints, [FromQuery] string? from, [FromQuery] string? to, ExperimentClient lab)
    {
        var (query, problems) = SeriesQuery.Parse(maxPoints, from, to);
        if (query is null) return ApiProblems.Invalid(problems, "Invalid series query");
        if (await lab.ReadSeries(id, name, query.From, query.To, query.MaxPoints) is { } page) return TypedResults.Ok(page);
        return await lab.Get(id) is null ? NotFound(id) : ApiProblems.NotFound($"Experiment '{id}' has no series '{name}'.");
    }

    private static NotFound<ProblemDetails> NotFound(string id) => ApiProblems.NotFound($"No experiment with id '{id}'.");
}
