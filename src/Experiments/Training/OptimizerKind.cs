using System.Text.Json.Serialization;

namespace UNet3D.Lab.Experiments.Training;

[JsonConverter(typeof(JsonStringEnumConverter<OptimizerKind>))]
public enum OptimizerKind
{
    /// <summary>Stochastic gradient descent with momentum, as the paper's Caffe setup.</summary>
    [JsonStringEnumMemberName("sgd")]
    Sgd,

    /// <summary>Adam: converges in fewer steps, which the small CPU presets need.</summary>
    [JsonStringEnumMemberName("adam")]
    Adam,
}
