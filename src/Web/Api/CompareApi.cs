using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using UNet3D.Lab.Web.Compare;

namespace UNet3D.Lab.Web.Api;

/// <summary>
/// <c>/api/compare/…</c>: a compare view's exports, for the query string of its page (<c>/compare?…</c>), so that the
/// page's download buttons and scripts get the same rows.
/// </summary>
public static class CompareApi
{
    private const string Parameters =
        "The query is the compare page's: ids (comma-separated) and/or ablation name the runs; series, smooth (0 to 0.99), x (step or time), "
        + "groupBy (a configuration field), hidden (ids left out) and pair as on the page. A bad value gets a 400 naming the parameter; "
        + "runs or an ablation that do not exist get a 404; for a read-only link, runs it does not hold get a 403.";

    public static IEndpointRouteBuilder MapCompareApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/compare").WithTags("Compare");
        api.MapGet("/runs.csv", Runs).Produces<string>(contentType: "text/csv")
            .Describe("A comparison's runs as CSV",
                "One row per shown run: id, label, status, group, every configuration field, final loss, best and last held-out IoU, mean and "
                + "per-class IoU, duration and each sample's IoU. " + Parameters);
        api.MapGet("/series.csv", Series).Produces<string>(contentType: "text/csv")
            .Describe("A comparison's series as CSV",
                "One row per shown run, chosen series and step: step, seconds, the value as recorded and smoothed as the view smooths it. " + Parameters);
        return routes;
    }

    private static Task<Results<FileContentHttpResult, ValidationProblem, NotFound<ProblemDetails>, ProblemHttpResult>> Runs(HttpContext http, ExperimentClient experiments, AblationClient ablations) =>
        Export(http, experiments, ablations, "compare-runs.csv", (_, view) => CompareCsv.Runs(view));

    private static Task<Results<FileContentHttpResult, ValidationProblem, NotFound<ProblemDetails>, ProblemHttpResult>> Series(HttpContext http, ExperimentClient experiments, AblationClient ablations) =>
        Export(http, experiments, ablations, "compare-series.csv", CompareCsv.Series);

    private static async Task<Results<FileContentHttpResult, ValidationProblem, NotFound<ProblemDetails>, ProblemHttpResult>> Export(
        HttpContext http, ExperimentClient experiments, AblationClient ablations, string fileName, Func<CompareData, CompareView, string> write)
    {
        var (query, problems) = CompareQueryParameters.Parse(http.Request.Query);
        if (problems.Count == 0 && !query.HasRuns)
            problems = [new SpecProblem(CompareQueryParameters.Ids, "name the runs to compare (ids=exp-a,exp-b), or give an ablation")];
        if (problems.Count > 0) return ApiProblems.Invalid(problems, "Invalid comparison");
        // A share link's visitor gets here only for runs the link holds (LabAccessHandler); the loader checks again,
        // for an ablation's runs that were added since.
        var data = await new CompareLoader(experiments, ablations, CompareLoader.VisitorOf(http.User)).Load(query);
        if (data.Refused.Count > 0)
            return TypedResults.Problem(string.Join("; ", data.Refused.Select(p => $"{p.Field}: {p.Message}")), statusCode: StatusCodes.Status403Forbidden, title: "Not shared");
        if (data.Missing.Count > 0) return ApiProblems.NotFound(string.Join("; ", data.Missing.Select(p => $"{p.Field}: {p.Message}")));
        var csv = write(data, CompareView.Of(data, query));
        return TypedResults.File(System.Text.Encoding.UTF8.GetBytes(csv), "text/csv; charset=utf-8", fileName);
    }
}
