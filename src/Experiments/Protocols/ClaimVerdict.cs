using System.Text.Json.Serialization;

namespace UNet3D.Lab.Experiments.Protocols;

/// <summary>A claim's verdict on a table; in JSON "holds", "does not hold" or "undetermined".</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ClaimVerdict>))]
public enum ClaimVerdict
{
    [JsonStringEnumMemberName("holds")]
    Holds,

    [JsonStringEnumMemberName("does not hold")]
    DoesNotHold,

    /// <summary>The cells the rule needs have not all finished (or their IoU is undefined).</summary>
    [JsonStringEnumMemberName("undetermined")]
    Undetermined,
}
