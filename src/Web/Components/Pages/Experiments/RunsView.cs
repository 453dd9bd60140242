using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;
using UNet3D.Lab.Silo.Runs;

namespace UNet3D.Lab.Web.Components.Pages;

/// <summary>
/// What the runs table shows, as its URL says: the run index's query (the API's parameters: search, filters, sort,
/// limit and offset) and the chosen columns (<c>columns=status,model</c>, or <c>none</c>). A link restores it.
/// </summary>
/// <param name="Columns">Keys of the shown <see cref="RunColumn"/>s in table order, comma-separated; a string so that
/// views compare by value.</param>
public sealed record RunsView(RunQuery Query, string Columns)
{
    public const string ColumnsParameter = "columns";

    /// <summary>The value of <see cref="ColumnsParameter"/> that hides every column it may.</summary>
    public const string NoColumns = "none";

    public static RunsView Default { get; } = new(RunQuery.Default, Join(RunColumn.All.Where(c => c.ShownByDefault)));

    /// <summary>Every parameter the view reads from the URL.</summary>
    public static IReadOnlyList<string> Parameters { get; } = [.. RunQueryParameters.Names, ColumnsParameter];

    public bool Shows(RunColumn column) => Columns.Split(',').Contains(column.Key);

    public IEnumerable<RunColumn> ShownColumns => RunColumn.All.Where(Shows);

    public RunsView WithColumn(RunColumn column, bool shown) =>
        this with { Columns = Join(RunColumn.All.Where(c => c == column ? shown : Shows(c))) };

    /// <summary>
    /// The view the URL's parameters describe (null or empty: the default). A value that is not understood is left out,
    /// with a problem that names its parameter, so a mistyped link still shows the table.
    /// </summary>
    public static (RunsView View, IReadOnlyList<SpecProblem> Problems) Read(IReadOnlyDictionary<string, string?> parameters)
    {
        var given = parameters.Where(p => RunQueryParameters.Names.Contains(p.Key) && !string.IsNullOrWhiteSpace(p.Value))
            .ToDictionary(p => p.Key, p => p.Value!);
        var (query, problems) = RunQueryParameters.Parse(Values(given));
        if (query is null)
        {
            foreach (var problem in problems) given.Remove(problem.Field);
            query = RunQueryParameters.Parse(Values(given)).Query ?? RunQuery.Default;
        }
        var (columns, columnProblems) = ReadColumns(parameters.GetValueOrDefault(ColumnsParameter));
        return (new RunsView(query, columns), [.. problems, .. columnProblems]);
    }

    /// <summary>
    /// This view with one parameter of its query set (null or empty: removed) and the first page, or the problem
    /// with that value.
    /// </summary>
    public (RunsView View, IReadOnlyList<SpecProblem> Problems) With(string parameter, string? value)
    {
        var parameters = new Dictionary<string, string?>(ToParameters()) { [parameter] = value, [RunQueryParameters.Offset] = null };
        var given = parameters.Where(p => p.Value is { Length: > 0 } && RunQueryParameters.Names.Contains(p.Key)).ToDictionary(p => p.Key, p => p.Value!);
        var (query, problems) = RunQueryParameters.Parse(Values(given));
        return query is null ? (this, problems) : (this with { Query = query }, []);
    }

    /// <summary>Every parameter of the view, null where it has its default, to set in the URL.</summary>
    public IReadOnlyDictionary<string, string?> ToParameters()
    {
        var set = QueryHelpers.ParseQuery("?" + RunQueryParameters.Format(Query));
        var parameters = RunQueryParameters.Names.ToDictionary(n => n, n => set.TryGetValue(n, out var v) ? (string?)v.ToString() : null);
        parameters[ColumnsParameter] = Columns == Default.Columns ? null : Columns.Length == 0 ? NoColumns : Columns;
        return parameters;
    }

    private static (string Columns, IReadOnlyList<SpecProblem> Problems) ReadColumns(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return (Default.Columns, []);
        if (text.Trim() == NoColumns) return ("", []);
        var keys = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var unknown = keys.Where(k => !RunColumn.All.Any(c => c.Key == k)).ToArray();
        IReadOnlyList<SpecProblem> problems = unknown.Length == 0 ? [] :
        [
            new SpecProblem(ColumnsParameter,
                $"has {string.Join(", ", unknown.Select(k => $"\"{k}\""))}, which the table does not have; its columns are {Join(RunColumn.All)} (or \"{NoColumns}\")"),
        ];
        return (Join(RunColumn.All.Where(c => keys.Contains(c.Key))), problems);
    }

    private static string Join(IEnumerable<RunColumn> columns) => string.Join(',', columns.Select(c => c.Key));

    private static IEnumerable<KeyValuePair<string, StringValues>> Values(Dictionary<string, string> given) =>
        given.Select(p => KeyValuePair.Create(p.Key, new StringValues(p.Value)));
}
