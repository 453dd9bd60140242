using UNet3D.Lab.Silo.Runs;
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
                + "and a 400 problem document names each bad field. " + ForceOption.Description);
        api.MapGet("/", List).AddOpenApiOperationTransformer(ExperimentListParameters.Describe)
            .Describe("A page of the runs table: filtered, sorted, with the number of matching runs",
                "Newest first unless sort says otherwise; each run with its status, progress, duration, tags and, once completed, its headline IoU "
                + "and final loss. Served from the run index. A bad query value gets a 400 problem document naming the parameter.");
        api.MapGet("/{id}", Get).Describe("An experiment: configuration with its defaults, status, progress and metrics",
            "The configuration as it takes effect (every default written out), the step reached, the last loss and the best held-out IoU so far "
            + "and, once completed, the IoU of each sample on the voxels training did not see. The curves are its series.");
        api.MapPost("/{id}/cancel", Cancel).Describe("Cancel a queued or running experiment",
            "A queued experiment is cancelled at once, a running one when its worker next reports; a finished one stays as it is.");
        api.MapGet("/{id}/series", ListSeries).Describe("The experiment's metric series",
            "Each series the run records, with its number of points and last step: loss and learningRate every step, validationIou "
            + "(the headline IoU on the held-out voxels) every evaluateEvery steps and after the last, and validationIou/{class} for each class "
            + "(validationIou/tubule and the like for the paper's classes, validationIou/0, validationIou/1, … by label for a dataset's own classes).");
        api.MapGet("/{id}/series/{**name}", ReadSeries).Describe("A range of a metric series, cut down on the server",
            $"The points of steps from to to (both included; default: all), at most maxPoints of them (default {SeriesStore.DefaultMaxPoints}, "
            + $"at most {SeriesStore.MaxPointsLimit}): all of them when the range holds no more, else the first and last point of the range and the "
            + "lowest and highest point of each of (maxPoints − 2) / 2 equal step buckets between them, so that spikes survive. total counts "
            + "the points stored in the range. A chart follows a running experiment by asking for from = its last step + 1.")
            .DescribeIntegerQuery("maxPoints", $"Most points to return, {SeriesDownsampler.MinimumPoints} to {SeriesStore.MaxPointsLimit} (default {SeriesStore.DefaultMaxPoints}).")
            .DescribeIntegerQuery("from", "First step of the range (default: the first stored).")
            .DescribeIntegerQuery("to", "Last step of the range (default: the last stored).");
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

    private static async Task<Results<Created<ExperimentCreated>, ValidationProblem>> Create(
        HttpRequest http, ExperimentClient lab, DatasetClient datasets, RunLengthLimit limit)
    {
        var (force, body, forceProblem) = await ForceOption.SplitAsync(http.Body, http.HttpContext.RequestAborted);
        if (forceProblem is not null) return ApiProblems.Invalid([forceProblem], "Invalid experiment");
        var (spec, problems) = StrictJson.Read<ExperimentSpec>(body);
        if (spec is null) return ApiProblems.Invalid(problems, "Invalid experiment");
        problems = [.. spec.Problems(), .. await ExperimentDatasetProblems.Of(spec, datasets)];
        if (problems.Count > 0) return ApiProblems.Invalid(problems, "Invalid experiment");
        if (!force && await limit.Check([spec]) is { } tooLong) return ApiProblems.Invalid([tooLong], "Experiment too long for this lab");

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

    private static async Task<Results<Ok<ExperimentView>, NotFound<ProblemDetails>>> Get(string id, HttpRequest http, ExperimentClient lab, DatasetClient datasets) =>
        await lab.Get(id) is { } snapshot ? TypedResults.Ok(await View(snapshot, http, datasets)) : NotFound(id);

    private static async Task<Results<Ok<ExperimentView>, NotFound<ProblemDetails>>> Cancel(string id, HttpRequest http, ExperimentClient lab, DatasetClient datasets) =>
        await lab.Cancel(id) is { } snapshot ? TypedResults.Ok(await View(snapshot, http, datasets)) : NotFound(id);

    private static async Task<ExperimentView> View(ExperimentSnapshot snapshot, HttpRequest http, DatasetClient datasets) =>
        ExperimentView.From(snapshot, PageUrl(http, snapshot.Id), await RunClasses.Of(snapshot, datasets));

    private static async Task<Results<Ok<ExperimentView>, ValidationProblem, NotFound<ProblemDetails>>> Annotate(string id, HttpRequest http, ExperimentClient lab, DatasetClient datasets)
    {
        var (annotation, problems) = await StrictJson.ReadAsync<RunAnnotation>(http.Body, http.HttpContext.RequestAborted);
        if (annotation is null) return ApiProblems.Invalid(problems, "Invalid change");
        problems = annotation.Problems();
        if (problems.Count > 0) return ApiProblems.Invalid(problems, "Invalid change");
        return await lab.Annotate(id, annotation) is { } snapshot ? TypedResults.Ok(await View(snapshot, http, datasets)) : NotFound(id);
    }

    private static async Task<Results<NoContent, Conflict<ProblemDetails>, NotFound<ProblemDetails>>> Delete(string id, ExperimentClient lab)
    {
        var removal = await lab.Delete(id);
        if (removal.Removed) return TypedResults.NoContent();
        if (removal.Status is not { } status) return NotFound(id);
        var name = LabJson.NameOf(status);
        return ApiProblems.Conflict($"Experiment '{id}' is {name}; cancel it first (POST /api/experiments/{id}/cancel), then delete it.", $"Experiment is {name}");
    }

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
