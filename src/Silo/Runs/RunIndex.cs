using LiteDB;
using UNet3D.Lab.Silo.Json;
using UNet3D.Lab.Silo.Storage;

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
        // order, then the rest, newest first.
        BsonExpression[] valued = [.. filters, $"{field} != null"];
        var valuedCount = Count(valued);
        var items = query.Offset < valuedCount ? Page(valued, field, order, query.Offset, query.Limit).ToList() : [];
        if (items.Count < query.Limit && total > valuedCount)
        {
            BsonExpression[] missing = [.. filters, $"{field} = null"];
            items.AddRange(Page(missing, CreatedAt, LiteDB.Query.Descending, Math.Max(0, query.Offset - valuedCount), query.Limit - items.Count));
        }
        return new RunPage([.. items], total);
    }

    private static IEnumerable<BsonExpression> Filters(RunQuery query)
    {
        if (query.Search is { } search)
            yield return BsonExpression.Create($"(INDEXOF($.{RunDocuments.NameKey}, @0) >= 0 OR INDEXOF(LOWER($._id), @0) >= 0)", search.ToLowerInvariant());
        if (query.Status is { } status) yield return BsonExpression.Create("$.status = @0", LabJson.NameOf(status));
        if (query.Model is { } model) yield return BsonExpression.Create("$.model = @0", LabJson.NameOf(model));
        if (query.Preset is { } preset) yield return BsonExpression.Create("$.preset = @0", preset);
        if (query.Tag is { } tag) yield return BsonExpression.Create($"$.{RunDocuments.TagKeys}[*] ANY = @0", RunAnnotation.TagKey(tag));
        if (query.Ablation is { } ablation) yield return BsonExpression.Create("$.ablations[*] ANY = @0", ablation);
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

    private int Count(IEnumerable<BsonExpression> filters) => Filtered(filters).Count();

    private RunRow[] Page(IEnumerable<BsonExpression> filters, string field, int order, int offset, int limit) =>
        Filtered(filters).OrderBy(field, order).Skip(offset).Limit(limit).ToDocuments().Select(RunDocuments.FromDocument).ToArray();

    private ILiteQueryable<BsonDocument> Filtered(IEnumerable<BsonExpression> filters)
    {
        var query = Runs.Query();
        foreach (var filter in filters) query = query.Where(filter);
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
