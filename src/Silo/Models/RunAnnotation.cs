namespace UNet3D.Lab.Silo.Models;

/// <summary>
/// What a researcher changes about a run after the fact (<c>PATCH /api/experiments/{id}</c>): its name, tags and
/// Markdown note. A field left out (or null) stays as it is; an empty note removes the note.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record RunAnnotation
{
    public const int MaxNameLength = 200;
    public const int MaxTags = 20;
    public const int MaxTagLength = 40;
    public const int MaxNoteLength = 20_000;

    /// <summary>Shown with every refused tag, so the reader knows what would be accepted.</summary>
    public const string TagCharacters = "letters, digits, space, '-', '_', '.' and ':'";

    [Id(0)] public string? Name { get; init; }

    /// <summary>The run's tags, replacing the ones it had; [] removes them all.</summary>
    [Id(1)] public string[]? Tags { get; init; }

    [Id(2)] public string? Note { get; init; }

    public IReadOnlyList<SpecProblem> Problems()
    {
        var problems = new List<SpecProblem>();
        if (Name is not null && Name.Trim().Length is 0 or > MaxNameLength)
            problems.Add(new SpecProblem("name", FormattableString.Invariant($"must be 1 to {MaxNameLength} characters, not {Name.Trim().Length}")));
        if (Tags is not null)
        {
            foreach (var tag in Tags)
                if (TagProblem(tag) is { } problem) problems.Add(new SpecProblem("tags", problem));
            var count = NormaliseTags(Tags.OfType<string>()).Length;
            if (count > MaxTags) problems.Add(new SpecProblem("tags", FormattableString.Invariant($"at most {MaxTags} tags, not {count}")));
        }
        if (Note is { Length: > MaxNoteLength })
            problems.Add(new SpecProblem("note", FormattableString.Invariant($"must be at most {MaxNoteLength} characters, not {Note.Length}")));
        return problems;
    }

    /// <summary><paramref name="snapshot"/> with this annotation's fields; call only when <see cref="Problems"/> is empty.</summary>
    public ExperimentSnapshot ApplyTo(ExperimentSnapshot snapshot) => snapshot with
    {
        Config = Name is null ? snapshot.Config : snapshot.Config with { Name = Name.Trim() },
        Tags = Tags is null ? snapshot.Tags : NormaliseTags(Tags),
        Note = Note is null ? snapshot.Note : Note.Length == 0 ? null : Note,
    };

    /// <summary>The tags as stored: trimmed, and of tags that differ only in case the first spelling kept.</summary>
    public static string[] NormaliseTags(IEnumerable<string> tags) =>
        tags.Select(t => t.Trim()).Where(t => t.Length > 0).DistinctBy(TagKey).ToArray();

    /// <summary>What a tag is compared and filtered by: tags are case-insensitive.</summary>
    public static string TagKey(string tag) => tag.Trim().ToLowerInvariant();

    /// <summary>Why <paramref name="tag"/> cannot be a tag, or null when it can.</summary>
    public static string? TagProblem(string? tag)
    {
        if (tag is null) return "a tag must be a string, not null";
        var trimmed = tag.Trim();
        if (trimmed.Length is 0 or > MaxTagLength)
            return FormattableString.Invariant($"'{tag}' must be 1 to {MaxTagLength} characters, not {trimmed.Length}");
        foreach (var c in trimmed)
            if (!IsTagCharacter(c)) return $"'{tag}' has '{c}'; a tag has only {TagCharacters}";
        return null;
    }

    private static bool IsTagCharacter(char c) => char.IsLetterOrDigit(c) || c is ' ' or '-' or '_' or '.' or ':';
}
