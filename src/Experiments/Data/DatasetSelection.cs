using System.Text.Json.Serialization;

namespace UNet3D.Lab.Experiments.Data;

/// <summary>
/// One dataset an experiment uses, by id, and how many planes (x, y, z: the paper's yz, xz and xy) of it are
/// annotated; null takes the experiment's default counts. In JSON either the id (<c>"ds-…"</c>) or
/// <c>{"id": "ds-…", "annotatedSlices": [x, y, z]}</c>.
/// </summary>
[JsonConverter(typeof(DatasetSelectionJsonConverter))]
public sealed record DatasetSelection(string Id, IReadOnlyList<int>? AnnotatedSlices = null);
