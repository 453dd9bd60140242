using System.Globalization;
using LiteDB;

namespace UNet3D.Lab.Silo.Runs;

/// <summary>
/// A <see cref="RunRow"/> as a document of the <c>runs</c> collection and back. The fields the table filters and
/// sorts on are top-level (see <see cref="RunIndex"/>), with the lower-case copies search and tag filters compare;
/// times are ISO 8601 in UTC, exact to the tick and in time order as text.
/// </summary>
public static class RunDocuments
{
    public const string NameKey = "nameLower";
    public const string TagKeys = "tagKeys";

    public static BsonDocument ToDocument(RunRow row) => new()
    {
        ["_id"] = row.Id,
        ["name"] = row.Name,
        [NameKey] = row.Name.ToLowerInvariant(),
        ["status"] = LabJson.NameOf(row.Status),
        ["model"] = LabJson.NameOf(row.Model),
        ["batchNorm"] = row.BatchNorm,
        ["preset"] = row.Preset,
        ["seed"] = row.Seed,
        ["annotatedSlices"] = new BsonArray(row.AnnotatedSlices.Select(s => new BsonValue(s))),
        ["datasets"] = Strings(row.Datasets),
        ["tags"] = Strings(row.Tags),
        [TagKeys] = Strings(row.Tags.Select(RunAnnotation.TagKey)),
        ["ablations"] = Strings(row.Ablations),
        ["createdAt"] = Time(row.CreatedAt),
        ["startedAt"] = Time(row.StartedAt),
        ["finishedAt"] = Time(row.FinishedAt),
        ["duration"] = Number(row.Duration),
        ["step"] = row.Step,
        ["totalSteps"] = row.TotalSteps,
        ["meanIou"] = Number(row.MeanIou),
        ["finalLoss"] = Number(row.FinalLoss),
        ["bestValidationIou"] = Number(row.BestValidationIou),
        ["hasNote"] = row.HasNote,
    };

    public static RunRow FromDocument(BsonDocument document) => new()
    {
        Id = document["_id"].AsString,
        Name = document["name"].AsString,
        Status = LabJson.ParseName<ExperimentStatus>(document["status"].AsString) ?? throw Unreadable(document, "status"),
        Model = LabJson.ParseName<ModelKind>(document["model"].AsString) ?? throw Unreadable(document, "model"),
        BatchNorm = document["batchNorm"].AsBoolean,
        Preset = document["preset"].AsString,
        Seed = document["seed"].AsInt32,
        AnnotatedSlices = document["annotatedSlices"].AsArray.Select(v => v.AsInt32).ToArray(),
        Datasets = StringsOf(document["datasets"]),
        Tags = StringsOf(document["tags"]),
        Ablations = StringsOf(document["ablations"]),
        CreatedAt = TimeOf(document["createdAt"]) ?? throw Unreadable(document, "createdAt"),
        StartedAt = TimeOf(document["startedAt"]),
        FinishedAt = TimeOf(document["finishedAt"]),
        Duration = NumberOf(document["duration"]),
        Step = document["step"].AsInt32,
        TotalSteps = document["totalSteps"].AsInt32,
        MeanIou = NumberOf(document["meanIou"]),
        FinalLoss = NumberOf(document["finalLoss"]),
        BestValidationIou = NumberOf(document["bestValidationIou"]),
        HasNote = document["hasNote"].AsBoolean,
    };

    private static BsonValue Number(double? value) => value is { } v ? new BsonValue(v) : BsonValue.Null;

    private static BsonArray Strings(IEnumerable<string> values) => new(values.Select(v => new BsonValue(v)));

    private static string[] StringsOf(BsonValue value) => value.IsArray ? value.AsArray.Select(v => v.AsString).ToArray() : [];

    private static BsonValue Time(DateTimeOffset? time) =>
        time is { } t ? t.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture) : BsonValue.Null;

    private static DateTimeOffset? TimeOf(BsonValue value) =>
        value.IsString ? DateTimeOffset.Parse(value.AsString, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind) : null;

    private static double? NumberOf(BsonValue value) => value.IsNumber ? value.AsDouble : null;

    private static InvalidOperationException Unreadable(BsonDocument document, string field) =>
        new($"Run index row '{document["_id"]}' has an unreadable {field}: {document[field]}");
}
