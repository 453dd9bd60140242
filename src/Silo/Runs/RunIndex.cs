using LiteDB;

namespace UNet3D.Lab.Silo.Runs;

/// <summary>
/// The runs table's index: the <c>runs</c> collection of the lab's LiteDB file, one <see cref="RunRow"/> per
/// experiment, with a LiteDB index on every field the table filters or sorts on (tags and ablations as multikey
/// indexes). Synchronous LiteDB I/O: call it off the Orleans scheduler.
/// </summary>
public sealed class RunIndex(LabDatabase database)
{
    public const string CollectionName = "runs";

    private const string CreatedAt = "$.createdAt";

    private static readonly string[] IndexedFields =
        ["status", "model", "preset", "createdAt", "duration", "meanIou", "finalLoss", "bestValidationIou", RunDocuments.NameKey];

    private readonly Lazy<ILiteCollection<BsonDocument>> runs = new(() => Open(database));

    private ILiteCollection<BsonDocument> Runs => runs.Value;

    public void Write(RunRow row) => Runs.Upsert(RunDocuments.ToDocument(row));

    public void Remove(string id) => Runs.Delete(id);

    public RunRow? Find(string id) => Runs.FindById(id) is { } document ? RunDocuments.FromDocument(document) : null;

    /// <summary>The runs that were queued or running, oldest first.</summary>
    public IReadOnlyList<string> Unfinished() =>
        Runs.Find(LiteDB.Query.Or(LiteDB.Query.EQ("status", LabJson.NameOf(ExperimentStatus.Queued)), LiteDB.Query.EQ("status", LabJson.NameOf(ExperimentStatus.Running))))
            .OrderBy(d => d["createdAt"].AsString, StringComparer.Ordinal)
            .Select(d => d["_id"].AsString)
            .ToArray();

    /// <summary>
    /// Every tag in use, once each (tags are case-insensitive) in the spelling of the oldest run that has it, in
    /// alphabetical order: what the runs table offers to filter by. Reads every row with tags.
    /// </summary>
    public IReadOnlyList<string> Tags() =>
        Runs.Query()
            .Where($"COUNT($.{RunDocuments.TagKeys}[*]) > 0")
            .OrderBy(CreatedAt, LiteDB.Query.Ascending)
            .Select("{ tags: $.tags }")
            .ToDocuments()
            .SelectMany(d => d["tags"].AsArray.Select(t => t.AsString))
            .DistinctBy(RunAnnotation.TagKey)
            .OrderBy(RunAnnotation.TagKey, StringComparer.Ordinal)
            .ToArray();

    /// <summary>The median seconds per step of the last <paramref name="runs"/> completed runs of a preset and model.</summary>
    public double? SecondsPerStep(string preset, ModelKind model, int runs = 20)
    {
        var rates = Runs.Find(LiteDB.Query.And(
                LiteDB.Query.EQ("preset", preset),
                LiteDB.Query.EQ("model", LabJson.NameOf(model)),
                LiteDB.Query.EQ("status", LabJson.NameOf(ExperimentStatus.Completed))))
            .Select(RunDocuments.FromDocument)
            .Where(r => r is { Duration: > 0, TotalSteps: > 0 })
            .OrderByDescending(r => r.FinishedAt)
            .Take(runs)
            .Select(r => r.Duration!.Value / r.TotalSteps)
            .Order()
            .ToArray();
        return rates.Length == 0 ? null : rates[rates.Length / 2];
    }

    public RunPage Query(RunQuery query)
    {
        if (query.Problems() is { Count: > 0 } problems)
            throw new ArgumentException("Invalid run query: " + string.Join("; ", problems), problems[0].Field);
        var filters = Filters(query).ToArray();
        var total = Count(filters);
        var (field, nullable) = SortField(query.Sort);
        var order = query.Descending ? LiteDB.Query.Descending : LiteDB.Query.Ascending;
        if (!nullable) return new RunPage(Page(filters, field, order, query.Offset, query.Limit), total);

        // Runs without a value come last in either direction (LiteDB puts null first): first the runs with a value in
        // order, then the rest, newest first. Only a page that starts past the runs with a value needs their count.
        Filter[] valued = [.. filters, new($"{field} != null", field)];
        var items = Page(valued, field, order, query.Offset, query.Limit).ToList();
        if (items.Count < query.Limit)
        {
            var skip = items.Count > 0 || query.Offset == 0 ? 0 : Math.Max(0, query.Offset - Count(valued));
            Filter[] missing = [.. filters, new($"{field} = null")];
            items.AddRange(Page(missing, CreatedAt, LiteDB.Query.Descending, skip, query.Limit - items.Count));
        }
        return new RunPage([.. items], total);
    }

    /// <summary>A condition, and the indexed field it reads when that field alone decides it.</summary>
    private sealed record Filter(BsonExpression Expression, string? IndexedField = null);

    /// <summary>
    /// The query's conditions, the usually narrowest first: LiteDB reads the candidates of the first condition's index
    /// (of equally cheap ones) and checks the rest on each document.
    /// </summary>
    private static IEnumerable<Filter> Filters(RunQuery query)
    {
        if (query.Ids is { } ids) yield return new(BsonExpression.Create("$._id IN @0", new BsonArray(ids.Select(id => new BsonValue(id)))));
        if (query.Ablation is { } ablation) yield return new(BsonExpression.Create("$.ablations[*] ANY = @0", ablation));
        if (query.Tag is { } tag) yield return new(BsonExpression.Create($"$.{RunDocuments.TagKeys}[*] ANY = @0", RunAnnotation.TagKey(tag)));
        if (query.Preset is { } preset) yield return new(BsonExpression.Create("$.preset = @0", preset), "$.preset");
        if (query.Model is { } model) yield return new(BsonExpression.Create("$.model = @0", LabJson.NameOf(model)), "$.model");
        if (query.Status is { } status) yield return new(BsonExpression.Create("$.status = @0", LabJson.NameOf(status)), "$.status");
        if (query.Search is { } search)
            yield return new(BsonExpression.Create($"(INDEXOF($.{RunDocuments.NameKey}, @0) >= 0 OR INDEXOF(LOWER($._id), @0) >= 0)", search.ToLowerInvariant()));
    }

    private static (string Field, bool Nullable) SortField(RunSortColumn column) => column switch
    {
        RunSortColumn.MeanIou => ("$.meanIou", true),
        RunSortColumn.FinalLoss => ("$.finalLoss", true),
        RunSortColumn.BestValidationIou => ("$.bestValidationIou", true),
        RunSortColumn.Duration => ("$.duration", true),
        RunSortColumn.CreatedAt => (CreatedAt, false),
        RunSortColumn.Name => ($"$.{RunDocuments.NameKey}", false),
        _ => throw new ArgumentOutOfRangeException(nameof(column), column, "not a sort column"),
    };

    /// <summary>
    /// How many runs pass the filters. No filter, or one that an index decides alone, is counted from the index's keys
    /// without reading a document; LiteDB's own count reads every candidate document.
    /// </summary>
    private int Count(IReadOnlyList<Filter> filters)
    {
        if (filters.Count > 1 || (filters.Count == 1 && filters[0].IndexedField is null)) return Filtered(filters).Count();
        var query = Runs.Query();
        if (filters.Count == 1) query = query.Where(filters[0].Expression);
        using var keys = query.Select(filters.Count == 1 ? filters[0].IndexedField! : "$._id").ExecuteReader();
        var count = 0;
        while (keys.Read()) count++;
        return count;
    }

    private RunRow[] Page(IEnumerable<Filter> filters, string field, int order, int offset, int limit) =>
        Filtered(filters).OrderBy(field, order).Skip(offset).Limit(limit).ToDocuments().Select(RunDocuments.FromDocument).ToArray();

    private ILiteQueryable<BsonDocument> Filtered(IEnumerable<Filter> filters)
    {
        var query = Runs.Query();
        foreach (var filter in filters) query = query.Where(filter.Expression);
        return query;
    }

    private static ILiteCollection<BsonDocument> Open(LabDatabase database)
    {
        var collection = database.Collection(CollectionName);
        foreach (var field in IndexedFields) collection.EnsureIndex(field, "$." + field);
        collection.EnsureIndex(RunDocuments.TagKeys, $"$.{RunDocuments.TagKeys}[*]");
        collection.EnsureIndex("ablations", "$.ablations[*]");
        return collection;
    }
}
