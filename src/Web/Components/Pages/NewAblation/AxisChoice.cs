using System.Globalization;
using System.Text.Json.Nodes;

namespace UNet3D.Lab.Web.Components.Pages;

/// <summary>
/// One axis the new-ablation form offers: an experiment field and the values a researcher can tick, or type as a
/// comma-separated list (learning rates, iterations). The ticked values become the grid's axis.
/// </summary>
public sealed class AxisChoice(string field, string label, IReadOnlyList<(string Label, JsonNode Value)> values, string? example = null)
{
    public string Field { get; } = field;

    public string Label { get; } = label;

    public IReadOnlyList<(string Label, JsonNode Value)> Values { get; } = values;

    /// <summary>Values are typed as a list of numbers rather than ticked; this is an example list.</summary>
    public string? Example { get; } = example;

    public bool Typed => Example is not null;

    public HashSet<string> Ticked { get; } = new(StringComparer.Ordinal);

    public string TypedText { get; set; } = "";

    /// <summary>The axis's values in the order offered, or null when nothing is chosen (the base's value stands).</summary>
    public JsonArray? Chosen()
    {
        if (Typed)
        {
            var numbers = TypedText.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToArray();
            if (numbers.Length == 0) return null;
            // A word that is no number is sent as it is, so the API's problem names the axis and the value.
            return new JsonArray(numbers.Select(n => double.TryParse(n, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
                ? (JsonNode)JsonValue.Create(v) : JsonValue.Create(n)).ToArray());
        }
        var chosen = Values.Where(v => Ticked.Contains(v.Label)).Select(v => v.Value.DeepClone()).ToArray();
        return chosen.Length == 0 ? null : new JsonArray(chosen);
    }

    public static IReadOnlyList<AxisChoice> Offered() =>
    [
        new("model", "Model", [("3d", JsonValue.Create("3d")), ("2d", JsonValue.Create("2d"))]),
        new("batchNorm", "BatchNorm", [("on", JsonValue.Create(true)), ("off", JsonValue.Create(false))]),
        new("annotatedSlices", "Annotated slices (x, y, z)", new[] { "1,1,1", "2,2,1", "2,2,2", "3,3,2", "5,5,3" }
            .Select(s => (s, (JsonNode)new JsonArray(s.Split(',').Select(n => (JsonNode)JsonValue.Create(int.Parse(n, CultureInfo.InvariantCulture))).ToArray()))).ToArray()),
        new("augment", "Augmentation", [("on", JsonValue.Create(true)), ("off", JsonValue.Create(false))]),
        new("optimizer", "Optimizer", [("adam", JsonValue.Create("adam")), ("sgd", JsonValue.Create("sgd"))]),
        new("schedule", "Schedule", [("constant", JsonValue.Create("constant")), ("cosine", JsonValue.Create("cosine")), ("polynomial", JsonValue.Create("polynomial"))]),
        new("learningRate", "Learning rates", [], example: "e.g. 0.001, 0.005"),
        new("iterations", "Numbers of iterations", [], example: "e.g. 500, 1000, 2000"),
    ];
}
