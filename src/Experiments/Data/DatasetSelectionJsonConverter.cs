using System.Text.Json;
using System.Text.Json.Serialization;

namespace UNet3D.Lab.Experiments.Data;

/// <summary>Reads a <see cref="DatasetSelection"/> from an id or an object (unknown fields are errors); writes the object.</summary>
public sealed class DatasetSelectionJsonConverter : JsonConverter<DatasetSelection>
{
    public override DatasetSelection Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String) return new DatasetSelection(reader.GetString()!);
        if (reader.TokenType != JsonTokenType.StartObject)
            throw new JsonException("a dataset is its id, or an object {\"id\": …, \"annotatedSlices\": [x, y, z]}");
        string? id = null;
        int[]? slices = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString();
            reader.Read();
            switch (name)
            {
                case "id":
                    id = reader.TokenType == JsonTokenType.String ? reader.GetString() : throw new JsonException("a dataset's id must be a string");
                    break;
                case "annotatedSlices":
                    slices = JsonSerializer.Deserialize<int[]>(ref reader, options);
                    break;
                default:
                    throw new JsonException($"'{name}' is not a field of a dataset; use id and annotatedSlices");
            }
        }
        return new DatasetSelection(id ?? throw new JsonException("a dataset object needs its id"), slices);
    }

    public override void Write(Utf8JsonWriter writer, DatasetSelection value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString("id", value.Id);
        writer.WritePropertyName("annotatedSlices");
        JsonSerializer.Serialize(writer, value.AnnotatedSlices, options);
        writer.WriteEndObject();
    }
}
