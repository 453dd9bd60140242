using System.Text.Json;
using System.Text.Json.Serialization;
using LiteDB;
using UNet3D.Lab.Experiments;
using JsonSerializer = System.Text.Json.JsonSerializer;

namespace UNet3D.Lab.Silo.Datasets;

/// <summary>
/// The datasets' records in the lab's LiteDB file (collection <see cref="CollectionName"/>): one
/// <see cref="DatasetInfo"/> per stored dataset, as JSON, keyed by its id. A built-in sample recorded by another engine
/// version counts as not stored (<see cref="Find"/> and <see cref="All"/> leave it out): it is made again on first use.
/// </summary>
public sealed class DatasetCatalog(LabDatabase database)
{
    public const string CollectionName = "datasets";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    private ILiteCollection<BsonDocument> Records => database.Collection(CollectionName);

    /// <summary>Every current record, in storage order.</summary>
    public IReadOnlyList<DatasetInfo> All() => [.. Records.FindAll().Select(Read).Where(IsCurrent)];

    public DatasetInfo? Find(string id) =>
        Records.FindById(id) is { } document && Read(document) is var info && IsCurrent(info) ? info : null;

    /// <summary>True when there is any record for <paramref name="id"/>, current or not.</summary>
    public bool Contains(string id) => Records.FindById(id) is not null;

    /// <summary>The ids of every record, current or not.</summary>
    public IReadOnlySet<string> Ids() => Records.FindAll().Select(d => d["_id"].AsString).ToHashSet(StringComparer.Ordinal);

    public void Add(DatasetInfo info) =>
        Records.Insert(new BsonDocument
        {
            ["_id"] = info.Id,
            ["name"] = info.Name,
            ["builtIn"] = info.BuiltIn,
            ["created"] = info.CreatedAt?.UtcDateTime ?? DateTime.UtcNow,
            ["sha256"] = info.Sha256,
            ["info"] = JsonSerializer.Serialize(info, Json),
        });

    public void Remove(string id) => Records.Delete(id);

    private static bool IsCurrent(DatasetInfo info) => !info.BuiltIn || info.PhantomVersion == EngineVersion.Current;

    private static DatasetInfo Read(BsonDocument document) =>
        JsonSerializer.Deserialize<DatasetInfo>(document["info"].AsString, Json)
        ?? throw new InvalidDataException($"Dataset record {document["_id"].AsString} is empty.");
}
