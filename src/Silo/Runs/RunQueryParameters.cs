using System.Globalization;
using Microsoft.Extensions.Primitives;
using UNet3D.Lab.Experiments.Presets;

namespace UNet3D.Lab.Silo.Runs;

/// <summary>
/// The query string of the runs table, <c>?ids=&amp;search=&amp;status=&amp;model=&amp;preset=&amp;tag=&amp;ablation=&amp;sort=-meanIou&amp;limit=50&amp;offset=0</c>,
/// read into a <see cref="RunQuery"/>: each bad value (and any parameter the list does not have) is a problem naming
/// its parameter. An empty value is the same as none.
/// </summary>
public static class RunQueryParameters
{
    public const string Ids = "ids";
    public const string Search = "search";
    public const string Status = "status";
    public const string Model = "model";
    public const string Preset = "preset";
    public const string Tag = "tag";
    public const string Ablation = "ablation";
    public const string Sort = "sort";
    public const string Limit = "limit";
    public const string Offset = "offset";

    public static IReadOnlyList<string> Names { get; } = [Ids, Search, Status, Model, Preset, Tag, Ablation, Sort, Limit, Offset];

    /// <summary>The sort columns as the query names them: meanIou, finalLoss, bestValidationIou, createdAt, duration, name.</summary>
    public static IReadOnlyList<string> SortColumns { get; } = Enum.GetValues<RunSortColumn>().Select(c => LabJson.NameOf(c)).ToArray();

    public static IReadOnlyList<string> Statuses { get; } = Enum.GetValues<ExperimentStatus>().Select(s => LabJson.NameOf(s)).ToArray();

    public static IReadOnlyList<string> Models { get; } = Enum.GetValues<ModelKind>().Select(m => LabJson.NameOf(m)).ToArray();

    public static IReadOnlyList<string> Presets { get; } = ExperimentPresets.All.Select(p => p.Name).ToArray();

    public static (RunQuery? Query, IReadOnlyList<SpecProblem> Problems) Parse(IEnumerable<KeyValuePair<string, StringValues>> parameters)
    {
        var problems = new List<SpecProblem>();
        var given = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, values) in parameters)
        {
            var name = Names.FirstOrDefault(n => string.Equals(n, key, StringComparison.OrdinalIgnoreCase));
            if (name is null)
                problems.Add(new SpecProblem(key, $"is not a parameter of this list; it has {string.Join(", ", Names)}"));
            else if (values.Count > 1)
                problems.Add(new SpecProblem(name, FormattableString.Invariant($"is given {values.Count} times; give it once")));
            else if (values.ToString().Trim() is { Length: > 0 } value)
                given[name] = value;
        }

        var query = RunQuery.Default with
        {
            Ids = given.TryGetValue(Ids, out var ids) ? IdList(ids) : null,
            Search = given.GetValueOrDefault(Search),
            Status = Choice(given, Status, Statuses, s => LabJson.ParseName<ExperimentStatus>(s), problems),
            Model = Choice(given, Model, Models, m => LabJson.ParseName<ModelKind>(m), problems),
            Preset = Choice(given, Preset, Presets, p => p, problems),
            Tag = given.GetValueOrDefault(Tag),
            Ablation = given.GetValueOrDefault(Ablation),
            Limit = Integer(given, Limit, problems) ?? RunQuery.DefaultLimit,
            Offset = Integer(given, Offset, problems) ?? 0,
        };
        if (given.TryGetValue(Sort, out var sort))
        {
            var descending = sort.StartsWith('-');
            var column = Choice(given, Sort, SortColumns, c => LabJson.ParseName<RunSortColumn>(c), problems, descending ? sort[1..] : sort);
            if (column is { } known) query = query with { Sort = known, Descending = descending };
        }
        problems.AddRange(query.Problems());
        return problems.Count > 0 ? (null, problems) : (query, []);
    }

    /// <summary>The query string that <see cref="Parse"/> reads back as <paramref name="query"/>, without its defaults.</summary>
    public static string Format(RunQuery query)
    {
        var parts = new List<(string, string?)>
        {
            (Ids, query.Ids is { } ids ? string.Join(',', ids) : null),
            (Search, query.Search), (Status, query.Status is { } s ? LabJson.NameOf(s) : null), (Model, query.Model is { } m ? LabJson.NameOf(m) : null),
            (Preset, query.Preset), (Tag, query.Tag), (Ablation, query.Ablation),
        };
        if (query.Sort != RunQuery.Default.Sort || query.Descending != RunQuery.Default.Descending)
            parts.Add((Sort, (query.Descending ? "-" : "") + LabJson.NameOf(query.Sort)));
        if (query.Limit != RunQuery.DefaultLimit) parts.Add((Limit, query.Limit.ToString(CultureInfo.InvariantCulture)));
        if (query.Offset != 0) parts.Add((Offset, query.Offset.ToString(CultureInfo.InvariantCulture)));
        return string.Join('&', parts.Where(p => p.Item2 is not null).Select(p => $"{p.Item1}={Uri.EscapeDataString(p.Item2!)}"));
    }

    /// <summary>"a,b, c": the ids in order, each once, blanks left out.</summary>
    public static string[] IdList(string text) =>
        text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToArray();

    /// <summary>The value named (without case) among <paramref name="choices"/>, or a problem listing them.</summary>
    private static T? Choice<T>(Dictionary<string, string> given, string name, IReadOnlyList<string> choices, Func<string, T?> parse,
        List<SpecProblem> problems, string? text = null)
    {
        text ??= given.GetValueOrDefault(name);
        if (text is null) return default;
        if (choices.FirstOrDefault(c => string.Equals(c, text, StringComparison.OrdinalIgnoreCase)) is { } choice) return parse(choice);
        var prefix = name == Sort ? " (\"-\" in front for descending)" : "";
        problems.Add(new SpecProblem(name, $"must be one of {string.Join(", ", choices.Select(c => $"\"{c}\""))}{prefix}, not \"{text}\""));
        return default;
    }

    private static int? Integer(Dictionary<string, string> given, string name, List<SpecProblem> problems)
    {
        if (!given.TryGetValue(name, out var text)) return null;
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)) return value;
        problems.Add(new SpecProblem(name, $"must be a whole number, not \"{text}\""));
        return null;
    }
}
