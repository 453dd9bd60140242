namespace UNet3D.Lab.Web.Api;

/// <summary>
/// The JSON API under <c>/api/suites</c>: reproduce one of the paper's tables, follow its cells and read the table,
/// the claims and the CSV and Markdown exports.
/// </summary>
public static class SuitesApi
{
    public static IEndpointRouteBuilder MapSuitesApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/suites").WithTags("Tables");
        api.MapPost("/", Create).AcceptsJson<TableRequest>()
            .Describe("Reproduce one of the paper's tables",
                "Queues one experiment per cell and seed (finished experiments with the same configuration are reused unless fresh is true). "
                + "Only table is required; unknown fields are errors, and a 400 problem document names each bad field. " + ForceOption.Description);
        api.MapGet("/", List).Describe("All table runs, newest first", "Each with its table, status and how many of its cells and runs have finished.");
        api.MapGet("/{id}", Get).Describe("A table run: cells with their experiments, the table beside the paper's, the claims",
            "The table fills in as its experiments finish; the claims say whether each of the paper's statements holds here.");
        api.MapGet("/{id}/table.csv", Csv).Produces<string>(contentType: "text/csv")
            .Describe("The table as CSV", "One line per cell of the table: the lab's value beside the paper's.");
        api.MapGet("/{id}/table.md", Markdown).Produces<string>(contentType: "text/markdown")
            .Describe("The table and its claims as Markdown", "The table and the verdict on each claim, ready to paste into a report.");
        return routes;
    }

    private static string BaseUrl(HttpRequest request) => $"{request.Scheme}://{request.Host}";

    private static async Task<Results<Created<SuiteCreated>, ValidationProblem>> Create(HttpRequest http, AblationClient suites, RunLengthLimit limit)
    {
        var (force, body, forceProblem) = await ForceOption.SplitAsync(http.Body, http.HttpContext.RequestAborted);
        if (forceProblem is not null) return ApiProblems.Invalid([forceProblem], "Invalid suite");
        var (request, problems) = StrictJson.Read<TableRequest>(body);
        if (request is null) return ApiProblems.Invalid(problems, "Invalid suite");
        if (!force)
        {
            // Counts every run, also those a finished experiment would stand in for: the refusal errs on the long side.
            var plan = await suites.CheckTable(request);
            if (plan.Problems.Length > 0) return ApiProblems.Invalid(plan.Problems, "Invalid suite");
            if (await limit.Check(plan.Configurations, request.Seeds) is { } tooLong) return ApiProblems.Invalid([tooLong], "Table run too long for this lab");
        }
        var (suite, refusals) = await suites.StartTable(request);
        if (suite is null) return ApiProblems.Invalid(refusals, "Invalid suite");

        var url = $"{BaseUrl(http)}/tables/{Uri.EscapeDataString(suite.Id)}";
        return TypedResults.Created($"/api/suites/{suite.Id}", new SuiteCreated(suite.Id, url, suite.Status, suite.Cells.Length, suite.RunCount));
    }

    private static async Task<Ok<SuiteSummaryView[]>> List(HttpRequest http, AblationClient suites) =>
        TypedResults.Ok((await suites.Tables()).Select(s => SuiteSummaryView.From(s, BaseUrl(http))).ToArray());

    private static async Task<Results<Ok<SuiteView>, NotFound<ProblemDetails>>> Get(string id, HttpRequest http, AblationClient suites) =>
        await suites.Get(id) is { } suite ? TypedResults.Ok(SuiteView.From(suite, BaseUrl(http))) : NotFound(id);

    private static async Task<Results<ContentHttpResult, NotFound<ProblemDetails>>> Csv(string id, AblationClient suites) =>
        await suites.Get(id) is { } suite ? TypedResults.Text(AblationTableReport.Of(suite).Csv, "text/csv; charset=utf-8") : NotFound(id);

    private static async Task<Results<ContentHttpResult, NotFound<ProblemDetails>>> Markdown(string id, AblationClient suites) =>
        await suites.Get(id) is { } suite ? TypedResults.Text(AblationTableReport.Of(suite).Markdown, "text/markdown; charset=utf-8") : NotFound(id);

    private static NotFound<ProblemDetails> NotFound(string id) => ApiProblems.NotFound($"No suite with id '{id}'.");
}
