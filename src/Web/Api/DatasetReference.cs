using System.Text.Json.Serialization;

namespace UNet3D.Lab.Web.Api;

/// <summary>
/// A dataset named in an experiment request: in JSON either its id (<c>"ds-…"</c>) or
/// <c>{"id": "ds-…", "annotatedSlices": [x, y, z]}</c> to give it its own annotated-slice counts.
/// </summary>
[JsonConverter(typeof(DatasetReferenceJsonConverter))]
public sealed record DatasetReference(string Id, int[]? AnnotatedSlices = null);
