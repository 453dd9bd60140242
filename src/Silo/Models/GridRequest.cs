using System.Text.Json.Nodes;

namespace UNet3D.Lab.Silo.Models;

/// <summary>
/// An ablation grid: the cross product of the values of each axis over a base configuration, every combination run with
/// seeds 1..<see cref="Seeds"/>. Base and axes use the experiment's own JSON field names, so any field of an experiment
/// can be an axis: <c>{"base": {"preset": "smoke"}, "axes": {"model": ["3d", "2d"], "batchNorm": [true, false]}}</c>.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record GridRequest
{
    public const int MaxRuns = 500;

    /// <summary>Free text; empty: "grid".</summary>
    [Id(0)] public string Name { get; init; } = "";

    /// <summary>Experiment fields every run shares; the rest take the experiment's defaults.</summary>
    [Id(1)] public JsonObject? Base { get; init; }

    /// <summary>Experiment field → the values it takes, in order.</summary>
    [Id(2)] public Dictionary<string, JsonArray> Axes { get; init; } = [];

    /// <summary>Each combination runs with seeds 1..Seeds.</summary>
    [Id(3)] public int Seeds { get; init; } = 1;

    /// <summary>Train every run anew instead of reusing finished experiments with the same content hash.</summary>
    [Id(4)] public bool Fresh { get; init; }
}
