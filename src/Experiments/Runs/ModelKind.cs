using System.Text.Json.Serialization;

namespace UNet3D.Lab.Experiments.Runs;

/// <summary>Which network: in JSON, the API, the pages and the commands "3d" or "2d".</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ModelKind>))]
public enum ModelKind
{
    /// <summary>The volumetric 3D U-Net.</summary>
    [JsonStringEnumMemberName("3d")]
    ThreeD,

    /// <summary>The paper's 2D baseline: annotated slices as independent images.</summary>
    [JsonStringEnumMemberName("2d")]
    TwoD,
}
