namespace UNet3D.Lab.Web.Api;

/// <summary>
/// The JSON API under <c>/api/ablations</c>: start a grid of experiments from one request and read its groups. The
/// paper's tables (<c>/api/suites</c>) are ablations too and are listed here.
/// </summary>
public static class AblationsApi
{
    public static IEndpointRouteBuilder MapAblationsApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/ablations").WithTags("Ablations");
        api.MapPost("/", Create).AcceptsJson<GridRequest>()
            .Describe("Start an ablation grid",
                "Runs the cross product of the axes' values over the base configuration, each with seeds 1..seeds (at most 500 runs). "
                + "Any experiment field can be an axis. Finished runs of the same configuration are reused unless fresh is true. "
                + "With ?dryRun=true nothing starts: the answer is the number of runs and an estimate of the time they take. " + ForceOption.Description);
        api.MapGet("/", List).Describe("All ablations, grids and tables, newest first");
        api.MapGet("/{id}", Get).Describe("An ablation: its axes or table, its status, and one group per cell with mean ± sd over the seeds");
        return routes;
    }

    private static string BaseUrl(HttpRequest request) => $"{request.Scheme}://{request.Host}";

    private static async Task<Results<Created<AblationCreated>, Ok<AblationPlanView>, ValidationProblem>> Create(
        HttpRequest http, AblationClient ablations, RunLengthLimit limit, bool dryRun = false)
    {
        var (force, body, forceProblem) = await ForceOption.SplitAsync(http.Body, http.HttpContext.RequestAborted);
        if (forceProblem is not null) return ApiProblems.Invalid([forceProblem], "Invalid ablation");
        var (request, problems) = StrictJson.Read<GridRequest>(body);
        if (request is null) return ApiProblems.Invalid(problems, "Invalid ablation");
        if (dryRun)
        {
            var plan = await ablations.CheckGrid(request);
            if (plan.Problems.Length > 0) return ApiProblems.Invalid(plan.Problems, "Invalid ablation");
            var (seconds, basis) = await ablations.Estimate(plan, request.Seeds);
            return TypedResults.Ok(new AblationPlanView(plan.Runs, plan.Cells, seconds, basis));
        }
        if (!force)
        {
            var plan = await ablations.CheckGrid(request);
            if (plan.Problems.Length > 0) return ApiProblems.Invalid(plan.Problems, "Invalid ablation");
            if (await limit.Check(plan.Configurations, request.Seeds) is { } tooLong) return ApiProblems.Invalid([tooLong], "Ablation too long for this lab");
        }
        var (ablation, refusals) = await ablations.StartGrid(request);
        if (ablation is null) return ApiProblems.Invalid(refusals, "Invalid ablation");
        return TypedResults.Created($"/api/ablations/{ablation.Id}",
            new AblationCreated(ablation.Id, AblationSummaryView.PageUrl(ablation, BaseUrl(http)), ablation.Status, ablation.RunCount));
    }

    private static async Task<Ok<AblationSummaryView[]>> List(HttpRequest http, AblationClient ablations) =>
        TypedResults.Ok((await ablations.List()).Select(a => AblationSummaryView.From(a, BaseUrl(http))).ToArray());

    private static async Task<Results<Ok<AblationView>, NotFound<ProblemDetails>>> Get(string id, HttpRequest http, AblationClient ablations) =>
        await ablations.Get(id) is { } ablation
            ? TypedResults.Ok(AblationView.From(ablation, BaseUrl(http)))
            : ApiProblems.NotFound($"No ablation with id '{id}'.");
}
