using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace UNet3D.Lab.Silo.Json;

/// <summary>
/// Reads what a person wrote (an API body, a <c>--config</c> file) as <typeparamref name="T"/> in <see cref="LabJson.Strict"/>,
/// turning every way it can be wrong into problems that name the field: an unknown field, a missing required one,
/// a value of the wrong type, an enum value that does not exist (with the values that do).
/// </summary>
public static class StrictJson
{
    public static async Task<(T? Value, IReadOnlyList<SpecProblem> Problems)> ReadAsync<T>(Stream body, CancellationToken cancellation)
        where T : class
    {
        using var buffer = new MemoryStream();
        await body.CopyToAsync(buffer, cancellation);
        return Read<T>(buffer.ToArray());
    }

    public static (T? Value, IReadOnlyList<SpecProblem> Problems) Read<T>(ReadOnlySpan<byte> json) where T : class
    {
        try
        {
            var value = JsonSerializer.Deserialize<T>(json, LabJson.Strict);
            return value is null ? (null, [new SpecProblem("body", $"must be a JSON object, not null")]) : (value, []);
        }
        catch (JsonException e)
        {
            return (null, [Describe<T>(e, json)]);
        }
    }

    private static SpecProblem Describe<T>(JsonException e, ReadOnlySpan<byte> json)
    {
        var path = e.Path is { Length: > 1 } p ? p.TrimStart('$', '.') : "";
        var message = e.Message.Split(" Path:")[0].Split(" | LineNumber")[0];
        if (path.Length == 0)
        {
            if (MissingRequired<T>(json) is { Count: > 0 } missing)
                return new SpecProblem(missing[0], "is required");
            return new SpecProblem("body", $"is not a JSON object of this request ({message})");
        }
        if (message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal))
            return new SpecProblem(path, "is not a field of this request");
        if (PropertyType<T>(path) is { IsEnum: true } enumType)
            return new SpecProblem(path, $"must be one of {string.Join(", ", EnumNames(enumType).Select(n => $"\"{n}\""))}");
        return new SpecProblem(path, $"has a value of the wrong type or form ({message})");
    }

    /// <summary>Required properties of <typeparamref name="T"/> that the object in <paramref name="json"/> lacks.</summary>
    private static IReadOnlyList<string> MissingRequired<T>(ReadOnlySpan<byte> json)
    {
        try
        {
            using var document = JsonDocument.Parse(json.ToArray());
            if (document.RootElement.ValueKind != JsonValueKind.Object) return [];
            var present = document.RootElement.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
            return TypeInfo<T>().Properties.Where(p => p.IsRequired && !present.Contains(p.Name)).Select(p => p.Name).ToArray();
        }
        catch (JsonException)
        {
            return [];
        }
    }

    /// <summary>The type of a top-level property named by a JSON path such as "optimizer" or "datasets[0]".</summary>
    private static Type? PropertyType<T>(string path)
    {
        var name = path.Split('.', '[')[0];
        var property = TypeInfo<T>().Properties.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
        return property is null ? null : Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
    }

    private static JsonTypeInfo TypeInfo<T>() => LabJson.Strict.GetTypeInfo(typeof(T));

    private static IEnumerable<string> EnumNames(Type enumType) =>
        enumType.GetFields(BindingFlags.Public | BindingFlags.Static).Select(field =>
            field.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(field.Name));
}
