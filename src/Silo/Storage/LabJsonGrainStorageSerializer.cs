using System.Text.Json;
using Orleans.Storage;

namespace UNet3D.Lab.Silo.Storage;

/// <summary>
/// Grain state as the lab's JSON (<see cref="LabJson"/>), the same text the LiteDB storage keeps, for storage
/// providers that take a serializer (Redis). Their default, Newtonsoft with type names, cannot read the engine's
/// records back (read-only lists of compiler-generated types).
/// </summary>
public sealed class LabJsonGrainStorageSerializer : IGrainStorageSerializer
{
    public BinaryData Serialize<T>(T? input) => new(JsonSerializer.SerializeToUtf8Bytes(input, LabJson.Options));

    public T Deserialize<T>(BinaryData input) =>
        JsonSerializer.Deserialize<T>(input.ToMemory().Span, LabJson.Options) ?? throw new JsonException($"stored {typeof(T).Name} is null");
}
