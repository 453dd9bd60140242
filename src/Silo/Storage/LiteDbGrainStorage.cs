using System.Text.Json;
using LiteDB;
using Orleans.Storage;
using JsonSerializer = System.Text.Json.JsonSerializer;

namespace UNet3D.Lab.Silo.Storage;

/// <summary>
/// Orleans grain storage in the lab's LiteDB file: one collection per state name, one document per grain with the
/// state as JSON (readable with any LiteDB viewer) and an ETag for optimistic concurrency.
/// </summary>
public sealed class LiteDbGrainStorage(LabDatabase database) : IGrainStorage
{
    private static JsonSerializerOptions Json => LabJson.Options;

    // LiteDB serialises writes itself; the lock keeps read-compare-write of the ETag atomic.
    private readonly Lock writeLock = new();

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var document = Collection(stateName).FindById(grainId.ToString());
        if (document is null)
        {
            grainState.RecordExists = false;
            grainState.ETag = null;
            return Task.CompletedTask;
        }
        var json = document["state"].AsString;
        try
        {
            grainState.State = JsonSerializer.Deserialize<T>(json, Json)
                ?? throw new JsonException("state is null");
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"Stored state '{stateName}' of grain {grainId} in {database.FilePath} cannot be read: {e.Message}", e);
        }
        grainState.ETag = document["etag"].AsString;
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        // Serialise first: a state that cannot be written leaves the stored one untouched.
        var json = JsonSerializer.Serialize(grainState.State, Json);
        var etag = Guid.NewGuid().ToString("N");
        var collection = Collection(stateName);
        var id = grainId.ToString();
        lock (writeLock)
        {
            var stored = collection.FindById(id);
            var storedEtag = stored?["etag"].AsString;
            if (storedEtag != grainState.ETag)
                throw new InconsistentStateException($"ETag mismatch writing '{stateName}' of grain {grainId}", storedEtag, grainState.ETag);
            collection.Upsert(new BsonDocument
            {
                ["_id"] = id,
                ["etag"] = etag,
                ["type"] = typeof(T).Name,
                ["updated"] = DateTime.UtcNow,
                ["state"] = json,
            });
        }
        grainState.ETag = etag;
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        lock (writeLock)
        {
            Collection(stateName).Delete(grainId.ToString());
        }
        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }

    private ILiteCollection<BsonDocument> Collection(string stateName) =>
        database.Collection(new string(stateName.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray()));
}
