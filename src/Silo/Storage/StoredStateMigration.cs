using System.Text.Json.Nodes;
using LiteDB;
using UNet3D.Lab.Silo.Runs;

namespace UNet3D.Lab.Silo.Storage;

/// <summary>
/// Rewrites grain states that an older lab wrote into today's shape, so an upgrade keeps every experiment and table.
/// Version 1: an experiment's configuration and metrics became the engine's <c>ExperimentSpec</c> and
/// <c>ExperimentResult</c> ("ThreeD" → "3d", foldCount/foldHeld → fold, meanIoU → meanIou, …) and enums are
/// written in camelCase ("Queued" → "queued"). Version 2: the experiment and suite registries became one registry
/// grain keyed by what it lists. Version 3: the paper's tables became ablations (suite → ablation, request → table).
/// Version 4: the runs table reads an index of every experiment (the <c>runs</c> collection), which replaced the
/// registry's list of experiments. Version 5: an experiment's loss curve left its state for the series store (its
/// <c>loss</c> series), the state keeps only the last loss, and the index is written again from the new states.
/// </summary>
public static class StoredStateMigration
{
    public const int CurrentVersion = 5;

    /// <summary>Every step from <paramref name="fromVersion"/> on; the caller holds the transaction.</summary>
    public static void Apply(LiteDatabase database, int fromVersion)
    {
        if (fromVersion < 1)
        {
            foreach (var name in database.GetCollectionNames().ToArray())
            {
                var collection = database.GetCollection(name);
                foreach (var document in collection.FindAll().ToArray())
                {
                    if (!document.TryGetValue("state", out var state) || !state.IsString) continue;
                    document["state"] = Migrate(name, JsonNode.Parse(state.AsString)!).ToJsonString();
                    collection.Update(document);
                }
            }
        }
        if (fromVersion < 2)
        {
            Move(database, "registry", "experimentregistry/lab", "registry", "registry/experiments");
            Move(database, "suites", "suiteregistry/lab", "registry", "registry/suites");
        }
        if (fromVersion < 3) TablesBecomeAblations(database);
        if (fromVersion < 4) database.GetCollection("registry").Delete("registry/experiments");
        if (fromVersion < 5) MoveCurvesToSeries(database);
        // The index is written from the states in today's shape, so versions 4 and 5 share this one pass.
        if (fromVersion < 5) IndexRuns(database);
    }

    private static void TablesBecomeAblations(LiteDatabase database)
    {
        Move(database, "registry", "registry/suites", "registry", "registry/ablations");
        var suites = database.GetCollection("suite");
        var ablations = database.GetCollection("ablation");
        foreach (var document in suites.FindAll().ToArray())
        {
            var id = document["_id"].AsString;
            if (document["state"].IsString && JsonNode.Parse(document["state"].AsString) is JsonObject state && state["snapshot"] is JsonObject snapshot)
            {
                if (snapshot["request"] is { } request)
                {
                    snapshot.Remove("request");
                    snapshot["table"] = request;
                    snapshot["name"] = $"Table {request["table"]}";
                }
                document["state"] = state.ToJsonString();
            }
            suites.Delete(id);
            document["_id"] = "ablation/" + id[(id.IndexOf('/') + 1)..];
            ablations.Upsert(document);
        }
    }

    /// <summary>A run index row for every stored experiment, as its grain writes it when it saves.</summary>
    private static void IndexRuns(LiteDatabase database)
    {
        var runs = database.GetCollection(RunIndex.CollectionName);
        var now = DateTimeOffset.UtcNow;
        foreach (var document in database.GetCollection("experiment").FindAll())
        {
            if (!document.TryGetValue("state", out var state) || !state.IsString) continue;
            var snapshot = System.Text.Json.JsonSerializer.Deserialize<ExperimentState>(state.AsString, LabJson.Options)?.Snapshot;
            if (snapshot is not null) runs.Upsert(RunDocuments.ToDocument(RunRow.Of(snapshot, now)));
        }
    }

    /// <summary>Each experiment's <c>curve</c> becomes its <c>loss</c> series; the state keeps <c>lastLoss</c>.</summary>
    private static void MoveCurvesToSeries(LiteDatabase database)
    {
        var experiments = database.GetCollection("experiment");
        var series = Series.SeriesCollections.Of(database);
        foreach (var document in experiments.FindAll().ToArray())
        {
            if (!document.TryGetValue("state", out var state) || !state.IsString) continue;
            var root = JsonNode.Parse(state.AsString);
            if (root?["snapshot"] is not JsonObject snapshot || !snapshot.ContainsKey("curve")) continue;
            var points = Objects(snapshot["curve"])
                .Select(p => new Series.SeriesPoint((int)p["step"]!, (double)p["loss"]!, (double?)p["seconds"] ?? 0))
                .ToArray();
            if (points.Length > 0)
            {
                series.Append((string)snapshot["id"]!, Series.MetricSeries.Loss, points);
                snapshot["lastLoss"] ??= points.MaxBy(p => p.Step).Value;
            }
            snapshot.Remove("curve");
            document["state"] = root.ToJsonString();
            experiments.Update(document);
        }
    }

    private static void Move(LiteDatabase database, string fromCollection, string fromId, string toCollection, string toId)
    {
        var source = database.GetCollection(fromCollection);
        if (source.FindById(fromId) is not { } document) return;
        source.Delete(fromId);
        document["_id"] = toId;
        database.GetCollection(toCollection).Upsert(document);
    }

    /// <summary>The state JSON of a grain of <paramref name="stateName"/> in version 1's shape.</summary>
    private static JsonNode Migrate(string stateName, JsonNode state)
    {
        switch (stateName)
        {
            case "experiment" when state["snapshot"] is JsonObject snapshot:
                MigrateSnapshot(snapshot);
                break;
            case "suite" when state["snapshot"] is JsonObject suite:
                LowerEnum(suite, "status");
                foreach (var cell in Objects(suite["cells"]))
                {
                    if (cell["config"] is JsonObject config) MigrateConfig(config);
                    foreach (var run in Objects(cell["runs"])) LowerEnum(run, "status");
                }
                break;
            case "queue":
                foreach (var job in Objects(state["jobs"]))
                    if (job["config"] is JsonObject config) MigrateConfig(config);
                break;
        }
        return state;
    }

    private static void MigrateSnapshot(JsonObject snapshot)
    {
        LowerEnum(snapshot, "status");
        if (snapshot["config"] is JsonObject config) MigrateConfig(config);
        if (snapshot["metrics"] is not JsonObject metrics) return;
        Rename(metrics, "meanIoU", "meanIou");
        Rename(metrics, "ioUClasses", "iouClasses");
        metrics.Remove("ioUClassNames");
        if (!metrics.ContainsKey("iterations")) metrics["iterations"] = snapshot["totalSteps"]?.DeepClone();
        foreach (var sample in Objects(metrics["samples"]))
        {
            Rename(sample, "ioU", "iou");
            Rename(sample, "classIoU", "classIou");
        }
    }

    private static void MigrateConfig(JsonObject config)
    {
        if (config["model"] is JsonValue model && model.TryGetValue<string>(out var name))
            config["model"] = name switch { "ThreeD" => "3d", "TwoD" => "2d", _ => name };
        if (config["foldCount"] is { } count)
            config["fold"] = new JsonObject { ["count"] = count.DeepClone(), ["held"] = config["foldHeld"]?.DeepClone() ?? 0 };
        config.Remove("foldCount");
        config.Remove("foldHeld");
    }

    private static void LowerEnum(JsonObject node, string property)
    {
        if (node[property] is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0)
            node[property] = char.ToLowerInvariant(text[0]) + text[1..];
    }

    private static void Rename(JsonObject node, string from, string to)
    {
        if (!node.TryGetPropertyValue(from, out var value)) return;
        node.Remove(from);
        node[to] = value;
    }

    private static IEnumerable<JsonObject> Objects(JsonNode? array) => array is JsonArray items ? items.OfType<JsonObject>() : [];
}
