using System.Globalization;
using UNet3D.Lab.Silo.Series;

namespace UNet3D.Lab.Web.Api;

/// <summary>
/// The query of <c>GET /api/experiments/{id}/series/{name}</c>: <c>maxPoints</c> (default
/// <see cref="SeriesStore.DefaultMaxPoints"/>) and the first and last step, <c>from</c> and <c>to</c>. Read as text,
/// so that a bad value gets a problem naming it rather than a bare 400.
/// </summary>
public sealed record SeriesQuery(int MaxPoints, int? From, int? To)
{
    public static (SeriesQuery? Query, IReadOnlyList<SpecProblem> Problems) Parse(string? maxPoints, string? from, string? to)
    {
        var problems = new List<SpecProblem>();
        var max = Integer(problems, "maxPoints", maxPoints, SeriesDownsampler.MinimumPoints, SeriesStore.MaxPointsLimit) ?? SeriesStore.DefaultMaxPoints;
        var first = Integer(problems, "from", from, 0, int.MaxValue);
        var last = Integer(problems, "to", to, 0, int.MaxValue);
        if (first > last) problems.Add(new("to", $"must not be before from ({first}), not {last}"));
        return problems.Count > 0 ? (null, problems) : (new SeriesQuery(max, first, last), problems);
    }

    private static int? Integer(List<SpecProblem> problems, string field, string? text, int minimum, int maximum)
    {
        if (text is null) return null;
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= minimum && value <= maximum) return value;
        problems.Add(new(field, maximum == int.MaxValue
            ? $"must be a whole number from {minimum}, not '{text}'"
            : $"must be a whole number from {minimum} to {maximum}, not '{text}'"));
        return null;
    }
}
