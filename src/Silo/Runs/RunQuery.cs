namespace UNet3D.Lab.Silo.Runs;

/// <summary>
/// Which runs the table shows: optional filters (all that are given must hold), a sort column and a page.
/// <see cref="RunQueryParameters"/> reads one from the query string of <c>GET /api/experiments</c>.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record RunQuery
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;
    public const int MaxSearchLength = 200;

    /// <summary>The most ids one query may name (a compare view's runs).</summary>
    public const int MaxIds = MaxLimit;

    /// <summary>Newest first, the first page.</summary>
    public static RunQuery Default { get; } = new();

    /// <summary>Case-insensitive part of the name or the id.</summary>
    [Id(0)] public string? Search { get; init; }

    [Id(1)] public ExperimentStatus? Status { get; init; }
    [Id(2)] public ModelKind? Model { get; init; }
    [Id(3)] public string? Preset { get; init; }

    /// <summary>Runs with this tag, compared without case.</summary>
    [Id(4)] public string? Tag { get; init; }

    /// <summary>Runs used by this ablation (or table run).</summary>
    [Id(5)] public string? Ablation { get; init; }

    [Id(6)] public RunSortColumn Sort { get; init; } = RunSortColumn.CreatedAt;

    /// <summary>Largest first; runs without a value come last either way.</summary>
    [Id(7)] public bool Descending { get; init; } = true;

    [Id(8)] public int Limit { get; init; } = DefaultLimit;
    [Id(9)] public int Offset { get; init; }

    /// <summary>Only the runs with these ids (those that exist); null: any run.</summary>
    [Id(10)] public string[]? Ids { get; init; }

    /// <summary>Values out of range, each naming its query parameter.</summary>
    public IReadOnlyList<SpecProblem> Problems()
    {
        var problems = new List<SpecProblem>();
        if (Limit is < 1 or > MaxLimit)
            problems.Add(new SpecProblem(RunQueryParameters.Limit, FormattableString.Invariant($"must be 1 to {MaxLimit}, not {Limit}")));
        if (Offset < 0)
            problems.Add(new SpecProblem(RunQueryParameters.Offset, FormattableString.Invariant($"must be 0 or more, not {Offset}")));
        if (Search is { Length: > MaxSearchLength })
            problems.Add(new SpecProblem(RunQueryParameters.Search, FormattableString.Invariant($"must be at most {MaxSearchLength} characters, not {Search.Length}")));
        if (Tag is not null && RunAnnotation.TagProblem(Tag) is { } tag)
            problems.Add(new SpecProblem(RunQueryParameters.Tag, tag));
        if (Ids is { Length: > MaxIds })
            problems.Add(new SpecProblem(RunQueryParameters.Ids, FormattableString.Invariant($"must name at most {MaxIds} runs, not {Ids.Length}")));
        if (Ids?.FirstOrDefault(id => !ExperimentIds.IsValid(id)) is { } bad)
            problems.Add(new SpecProblem(RunQueryParameters.Ids, $"\"{bad}\" is not an experiment id (letters, digits, - and _, at most 64)"));
        return problems;
    }
}
