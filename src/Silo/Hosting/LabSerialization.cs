using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace UNet3D.Lab.Silo.Hosting;

/// <summary>
/// Orleans sends the engine's own types (an experiment's <c>ExperimentSpec</c>, its <c>ExperimentResult</c>, the
/// protocols' tables) as <see cref="LabJson"/>, so grains, storage and the API share one definition of each and the
/// engine needs no Orleans attributes; and JSON nodes (an ablation grid's base and axes) as what they are.
/// </summary>
public static class LabSerialization
{
    private const string EngineNamespace = "UNet3D.Lab.Experiments";

    public static IServiceCollection AddLabSerialization(this IServiceCollection services) =>
        services.AddSerializer(serializer => serializer.AddJsonSerializer(IsEngineType, LabJson.Options));

    private static bool IsEngineType(Type type) =>
        typeof(System.Text.Json.Nodes.JsonNode).IsAssignableFrom(type)
        || type.Namespace is { } name && (name == EngineNamespace || name.StartsWith(EngineNamespace + ".", StringComparison.Ordinal));
}
