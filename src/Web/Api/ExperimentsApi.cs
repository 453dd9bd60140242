using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using UNet3D.Lab.Silo.Json;
using UNet3D.Lab.Silo.Runs;

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
        api.MapGet("/", List).AddOpenApiOperationTransformer(ExperimentListParameters.Describe)
            .Describe("A page of the runs table: filtered, sorted, with the number of matching runs",
                "Newest first unless sort says otherwise; each run with its status, progress, duration, tags and, once completed, its headline IoU "
                + "and final loss. Served from the run index. A bad query value gets a 400 problem document naming the parameter.");
        api.MapGet("/{id}", Get).Describe("An experiment: configuration with its defaults, status, progress, curve and metrics",
            "The configuration as it takes effect (every default written out), the loss curve so far and, once completed, "
            + "the IoU of each sample on the voxels training did not see.");
        api.MapPost("/{id}/cancel", Cancel).Describe("Cancel a queued or running experiment",
            "A queued experiment is cancelled at once, a running one when its worker next reports; a finished one stays as it is.");
        api.MapPatch("/{id}", Annotate).AcceptsJson<RunAnnotation>().Describe("Rename, tag or note an experiment", AnnotateDescription);
        api.MapDelete("/{id}", Delete).Describe("Delete a finished experiment",
            "Removes the run with everything stored about it: it leaves the list and its id answers 404. A queued or running experiment gets a 409: cancel it first.");
        return routes;
    }

    private static readonly string AnnotateDescription = FormattableString.Invariant(
        $"Fields left out stay as they are. name: 1 to {RunAnnotation.MaxNameLength} characters. tags: at most {RunAnnotation.MaxTags}, each 1 to ")
        + FormattableString.Invariant($"{RunAnnotation.MaxTagLength} characters of {RunAnnotation.TagCharacters}, replacing the run's tags (tags that differ only in case are kept once). ")
        + FormattableString.Invariant($"note: Markdown, at most {RunAnnotation.MaxNoteLength} characters; \"\" removes it. Answers with the experiment; a 400 problem document names each bad field.");

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

    private static async Task<Results<Ok<ExperimentListView>, ValidationProblem>> List(HttpRequest http, ExperimentClient lab)
    {
        var (query, problems) = RunQueryParameters.Parse(http.Query);
        if (query is null) return ApiProblems.Invalid(problems, "Invalid query");
        var page = await lab.List(query);
        var now = DateTimeOffset.UtcNow;
        return TypedResults.Ok(new ExperimentListView(page.Items.Select(r => ExperimentSummaryView.From(r, PageUrl(http, r.Id), now)).ToArray(), page.Total));
    }

    private static async Task<Results<Ok<ExperimentView>, NotFound<ProblemDetails>>> Get(string id, HttpRequest http, ExperimentClient lab) =>
        await lab.Get(id) is { } snapshot ? TypedResults.Ok(ExperimentView.From(snapshot, PageUrl(http, id))) : NotFound(id);

    private static async Task<Results<Ok<ExperimentView>, NotFound<ProblemDetails>>> Cancel(string id, HttpRequest http, ExperimentClient lab) =>
        await lab.Cancel(id) is { } snapshot ? TypedResults.Ok(ExperimentView.From(snapshot, PageUrl(http, id))) : NotFound(id);

    private static async Task<Results<Ok<ExperimentView>, ValidationProblem, NotFound<ProblemDetails>>> Annotate(string id, HttpRequest http, ExperimentClient lab)
    {
        var (annotation, problems) = await StrictJson.ReadAsync<RunAnnotation>(http.Body, http.HttpContext.RequestAborted);
        if (annotation is null) return ApiProblems.Invalid(problems, "Invalid change");
        problems = annotation.Problems();
        if (problems.Count > 0) return ApiProblems.Invalid(problems, "Invalid change");
        return await lab.Annotate(id, annotation) is { } snapshot ? TypedResults.Ok(ExperimentView.From(snapshot, PageUrl(http, id))) : NotFound(id);
    }

    private static async Task<Results<NoContent, Conflict<ProblemDetails>, NotFound<ProblemDetails>>> Delete(string id, ExperimentClient lab)
    {
        var removal = await lab.Delete(id);
        if (removal.Removed) return TypedResults.NoContent();
        if (removal.Status is not { } status) return NotFound(id);
        var name = LabJson.NameOf(status);
        return ApiProblems.Conflict($"Experiment '{id}' is {name}; cancel it first (POST /api/experiments/{id}/cancel), then delete it.", $"Experiment is {name}");
    }

    private static NotFound<ProblemDetails> NotFound(string id) => ApiProblems.NotFound($"No experiment with id '{id}'.");
}
