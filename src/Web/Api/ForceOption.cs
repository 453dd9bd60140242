using System.Text.Json;
using System.Text.Json.Nodes;

namespace UNet3D.Lab.Web.Api;

/// <summary>
/// The one definition of <c>"force": true</c>, which the submissions that start training (experiments, ablation grids)
/// accept beside their own fields: it starts a run even when its estimated training time is longer than
/// <c>Lab:MaxRunHours</c>. It is taken out of the body before the request's own type reads the rest, so the engine's
/// configuration never carries it.
/// </summary>
public static class ForceOption
{
    public const string Field = "force";

    public const string Description =
        "force: true starts it even when its estimated training time on this lab's slots is longer than Lab:MaxRunHours "
        + "(default 72 hours); without it such a request gets a 400 problem document giving the estimate.";

    /// <summary>Reads the body: whether it says <c>"force": true</c>, and the rest of it; a problem when force is not true or false.</summary>
    public static async Task<(bool Force, byte[] Body, SpecProblem? Problem)> SplitAsync(Stream body, CancellationToken cancellation)
    {
        using var buffer = new MemoryStream();
        await body.CopyToAsync(buffer, cancellation);
        var bytes = buffer.ToArray();
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(bytes);
        }
        catch (JsonException)
        {
            return (false, bytes, null); // the request's own reader says what is wrong with it
        }
        if (node is not JsonObject fields || !fields.TryGetPropertyValue(Field, out var value)) return (false, bytes, null);
        if (value is not JsonValue flag || !flag.TryGetValue<bool>(out var force))
            return (false, bytes, new SpecProblem(Field, $"must be true or false, not {value?.ToJsonString() ?? "null"}"));
        fields.Remove(Field);
        return (force, JsonSerializer.SerializeToUtf8Bytes(fields), null);
    }
}
