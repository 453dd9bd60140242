using System.Globalization;
using Microsoft.Extensions.Primitives;
using UNet3D.Lab.Silo.Ablations;
using UNet3D.Lab.Silo.Series;

namespace UNet3D.Lab.Web.Compare;

/// <summary>
/// The compare view's query string, <c>?ids=a,b&amp;ablation=&amp;series=loss,validationIou&amp;smooth=0.8&amp;x=time&amp;logY=true&amp;groupBy=model&amp;hidden=b&amp;pair=3d&amp;pair=2d</c>:
/// read into a <see cref="CompareQuery"/> with a problem naming the parameter of each bad value (the value is then
/// left at its default, so a page can still show the rest), and written back without defaults, short enough for 50 runs.
/// </summary>
public static class CompareQueryParameters
{
    public const string Ids = "ids";
    public const string Ablation = "ablation";
    public const string Series = "series";
    public const string Smooth = "smooth";
    public const string X = "x";
    public const string LogY = "logY";
    public const string GroupBy = "groupBy";
    public const string Hidden = "hidden";
    public const string Pair = "pair";

    public static IReadOnlyList<string> Names { get; } = [Ids, Ablation, Series, Smooth, X, LogY, GroupBy, Hidden, Pair];

    public static (CompareQuery Query, IReadOnlyList<SpecProblem> Problems) Parse(IEnumerable<KeyValuePair<string, StringValues>> parameters)
    {
        var problems = new List<SpecProblem>();
        var given = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (key, values) in parameters)
        {
            var name = Names.FirstOrDefault(n => string.Equals(n, key, StringComparison.OrdinalIgnoreCase));
            if (name is null) problems.Add(new SpecProblem(key, $"is not a parameter of the compare view; it has {string.Join(", ", Names)}"));
            else given[name] = [.. given.GetValueOrDefault(name, []), .. values.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!.Trim())];
        }

        var query = CompareQuery.Default with
        {
            Ids = IdList(given, Ids, problems, CompareQuery.MaxRuns),
            Ablation = Single(given, Ablation, problems) is { } ablation && Checked(AblationIds.IsValid(ablation), Ablation, $"\"{ablation}\" is not an ablation id", problems) ? ablation : null,
            Series = SeriesList(given, problems),
            Smooth = Smoothing(given, problems),
            X = Single(given, X, problems) switch
            {
                null or "step" => CompareAxis.Step,
                "time" => CompareAxis.Time,
                var other => Refuse(CompareAxis.Step, X, $"must be \"step\" or \"time\", not \"{other}\"", problems),
            },
            LogY = Single(given, LogY, problems) switch
            {
                null or "false" => false,
                "true" => true,
                var other => Refuse(false, LogY, $"must be true or false, not \"{other}\"", problems),
            },
            GroupBy = Single(given, GroupBy, problems) is { } field && Checked(ConfigDiff.GroupableFields.Contains(field), GroupBy,
                $"must be a configuration field ({string.Join(", ", ConfigDiff.GroupableFields)}), not \"{field}\"", problems) ? field : null,
            Hidden = IdList(given, Hidden, problems, CompareQuery.MaxRuns),
        };
        if (given.TryGetValue(Pair, out var pair) && pair.Length > 0)
        {
            if (pair.Length != 2) problems.Add(new SpecProblem(Pair, FormattableString.Invariant($"needs two group values (pair=3d&pair=2d), not {pair.Length}")));
            else if (query.GroupBy is null) problems.Add(new SpecProblem(Pair, "needs groupBy: the field whose values it pairs"));
            else if (pair[0] == pair[1]) problems.Add(new SpecProblem(Pair, $"needs two different groups, not \"{pair[0]}\" twice"));
            else query = query with { Pair = (pair[0], pair[1]) };
        }
        return (query, problems);
    }

    /// <summary>The query string that <see cref="Parse"/> reads back as <paramref name="query"/>, defaults left out, without "?".</summary>
    public static string Format(CompareQuery query)
    {
        var parts = new List<(string Name, string Value)>();
        if (query.Ids.Count > 0) parts.Add((Ids, string.Join(',', query.Ids)));
        if (query.Ablation is { } ablation) parts.Add((Ablation, ablation));
        if (!query.Series.SequenceEqual(CompareQuery.DefaultSeries)) parts.Add((Series, string.Join(',', query.Series)));
        if (query.Smooth > 0) parts.Add((Smooth, query.Smooth.ToString("0.###", CultureInfo.InvariantCulture)));
        if (query.X == CompareAxis.Time) parts.Add((X, "time"));
        if (query.LogY) parts.Add((LogY, "true"));
        if (query.GroupBy is { } field) parts.Add((GroupBy, field));
        if (query.Hidden.Count > 0) parts.Add((Hidden, string.Join(',', query.Hidden)));
        if (query.Pair is var (first, second)) parts.AddRange([(Pair, first), (Pair, second)]);
        return string.Join('&', parts.Select(p => $"{p.Name}={Escape(p.Value)}"));
    }

    /// <summary>The page's path with the query: <c>/compare?ids=…</c>.</summary>
    public static string PathOf(CompareQuery query) => Format(query) is { Length: > 0 } text ? $"/compare?{text}" : "/compare";

    // Commas and slashes may stand in a query as they are; escaping them would make long links unreadable.
    private static string Escape(string value) => Uri.EscapeDataString(value).Replace("%2C", ",", StringComparison.Ordinal).Replace("%2F", "/", StringComparison.Ordinal);

    private static string[] Split(string text) => text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    private static string? Single(Dictionary<string, string[]> given, string name, List<SpecProblem> problems)
    {
        if (!given.TryGetValue(name, out var values) || values.Length == 0) return null;
        if (values.Length > 1) problems.Add(new SpecProblem(name, FormattableString.Invariant($"is given {values.Length} times; give it once")));
        return values[0];
    }

    private static IReadOnlyList<string> IdList(Dictionary<string, string[]> given, string name, List<SpecProblem> problems, int max)
    {
        var ids = given.GetValueOrDefault(name, []).SelectMany(Split).Distinct(StringComparer.Ordinal).ToList();
        foreach (var bad in ids.Where(id => !ExperimentIds.IsValid(id)).ToArray())
        {
            problems.Add(new SpecProblem(name, $"\"{bad}\" is not an experiment id"));
            ids.Remove(bad);
        }
        if (ids.Count <= max) return ids;
        problems.Add(new SpecProblem(name, FormattableString.Invariant($"names {ids.Count} runs; a view compares at most {max}")));
        return ids[..max];
    }

    private static IReadOnlyList<string> SeriesList(Dictionary<string, string[]> given, List<SpecProblem> problems)
    {
        var names = given.GetValueOrDefault(Series, []).SelectMany(Split).Distinct(StringComparer.Ordinal).ToList();
        foreach (var bad in names.Where(n => !MetricSeries.IsValidName(n)).ToArray())
        {
            problems.Add(new SpecProblem(Series, $"\"{bad}\" is not a series name (such as loss, learningRate, validationIou, validationIou/tubule)"));
            names.Remove(bad);
        }
        return names.Count > 0 ? names : CompareQuery.DefaultSeries;
    }

    private static double Smoothing(Dictionary<string, string[]> given, List<SpecProblem> problems)
    {
        if (Single(given, Smooth, problems) is not { } text) return 0;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var weight) && weight is >= 0 and <= CompareQuery.MaxSmoothing) return weight;
        return Refuse(0.0, Smooth, FormattableString.Invariant($"must be a number from 0 to {CompareQuery.MaxSmoothing}, not \"{text}\""), problems);
    }

    private static bool Checked(bool valid, string name, string message, List<SpecProblem> problems)
    {
        if (!valid) problems.Add(new SpecProblem(name, message));
        return valid;
    }

    private static T Refuse<T>(T fallback, string name, string message, List<SpecProblem> problems)
    {
        problems.Add(new SpecProblem(name, message));
        return fallback;
    }
}
