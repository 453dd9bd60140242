namespace UNet3D.Lab.Web.Api;

/// <summary>
/// The problem documents every endpoint answers with: 400 naming each bad field, 404 naming what is missing, 409
/// saying what must happen first.
/// </summary>
public static class ApiProblems
{
    public static ValidationProblem Invalid(IReadOnlyList<SpecProblem> problems, string title) =>
        TypedResults.ValidationProblem(
            problems.GroupBy(p => p.Field).ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray()),
            detail: string.Join("; ", problems), title: title);

    public static ValidationProblem Invalid(string field, string message, string title) => Invalid([new SpecProblem(field, message)], title);

    public static NotFound<ProblemDetails> NotFound(string detail) =>
        TypedResults.NotFound(new ProblemDetails { Title = "Not found", Detail = detail, Status = StatusCodes.Status404NotFound });

    public static Conflict<ProblemDetails> Conflict(string detail, string title) =>
        TypedResults.Conflict(new ProblemDetails { Title = title, Detail = detail, Status = StatusCodes.Status409Conflict });
}
