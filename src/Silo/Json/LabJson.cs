using System.Text.Json;
using System.Text.Json.Serialization;

namespace UNet3D.Lab.Silo.Json;

/// <summary>
/// The lab's one JSON dialect, shared by grain storage, the Orleans codec of the engine's types, the HTTP API and
/// <c>train --config</c>: camelCase names, enums as lower-case strings ("3d", "adam", "queued"), NaN allowed (an IoU
/// is undefined where a class is absent from truth and prediction).
/// </summary>
public static class LabJson
{
    /// <summary>For writing, and for reading what the lab itself wrote.</summary>
    public static JsonSerializerOptions Options { get; } = Create(strict: false);

    /// <summary>For reading what people write: a field the type does not have is an error, not silently ignored.</summary>
    public static JsonSerializerOptions Strict { get; } = Create(strict: true);

    /// <summary>Applies the dialect to options someone else created (ASP.NET's HTTP JSON options).</summary>
    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.PropertyNameCaseInsensitive = true;
        options.NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
    }

    /// <summary>An enum value's name in the dialect: "3d", "adam", "cosine", "queued".</summary>
    public static string NameOf<T>(T value) where T : struct, Enum => JsonSerializer.Serialize(value, Options).Trim('"');

    /// <summary>The enum value of that name in the dialect, or null for any other text (such as "default").</summary>
    public static T? ParseName<T>(string? name) where T : struct, Enum =>
        Enum.GetValues<T>().Select(v => (T?)v).FirstOrDefault(v => NameOf(v!.Value) == name);

    /// <summary>Equal in every field, lists compared by content (records compare lists by reference).</summary>
    public static bool SameContent<T>(T first, T second) =>
        JsonSerializer.Serialize(first, Options) == JsonSerializer.Serialize(second, Options);

    private static JsonSerializerOptions Create(bool strict)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Configure(options);
        if (strict) options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
