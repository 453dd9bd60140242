using System.Text.Json;
using System.Text.Json.Nodes;

namespace UNet3D.Lab.Web.Compare;

/// <summary>
/// The configuration of several runs field by field, every default written out as it takes effect (the API's names
/// and values), and which fields differ between them: what a compare view shows first at 50 runs.
/// </summary>
public sealed record ConfigDiff(IReadOnlyList<string> Fields, IReadOnlyList<string> Differing, IReadOnlyList<IReadOnlyDictionary<string, string>> Values)
{
    /// <summary>The field that names a run rather than configuring it.</summary>
    public const string NameField = "name";

    /// <summary>The configuration's fields by their API names, all but the name: what runs can be grouped by.</summary>
    public static IReadOnlyList<string> GroupableFields { get; } =
        LabJson.Options.GetTypeInfo(typeof(ExperimentSpec)).Properties.Select(p => p.Name).Where(n => n != NameField).ToArray();

    public static ConfigDiff Of(IReadOnlyList<ExperimentSpec> configurations) => Of(configurations.Select(FieldsOf).ToArray());

    /// <summary>The same from each run's fields as <see cref="FieldsOf"/> writes them.</summary>
    public static ConfigDiff Of(IReadOnlyList<IReadOnlyDictionary<string, string>> values)
    {
        var fields = values.SelectMany(v => v.Keys).Distinct().ToArray();
        var differing = fields.Where(f => values.Select(v => v.GetValueOrDefault(f, "null")).Distinct().Count() > 1).ToArray();
        return new ConfigDiff(fields, differing, values);
    }

    /// <summary>One run's fields as JSON text ("3d", true, [2,2,2]); strings without their quotes.</summary>
    public static IReadOnlyDictionary<string, string> FieldsOf(ExperimentSpec configuration)
    {
        var json = JsonSerializer.SerializeToNode(configuration.Resolved(), LabJson.Options)!.AsObject();
        return json.ToDictionary(p => p.Key, p => Text(p.Value));
    }

    /// <summary>A field's value as a group key and label: strings without quotes, everything else as JSON.</summary>
    public static string Text(JsonNode? value) => value switch
    {
        null => "null",
        JsonValue v when v.TryGetValue<string>(out var text) => text,
        _ => value.ToJsonString(),
    };
}
