using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using static TorchSharp.torch;

namespace UNet3D.Lab.Experiments.Export;

/// <summary>
/// Writes the safetensors format (huggingface/safetensors): an 8-byte little-endian header length, a JSON header
/// naming each tensor's dtype, shape and byte range (plus string <c>__metadata__</c>), then the raw little-endian
/// tensors. Written here because TorchSharp.PyBridge's safetensors writer takes no metadata, and the metadata is what
/// lets a reader rebuild the network.
/// </summary>
public static class SafetensorsWriter
{
    public static void Write(Stream target, IEnumerable<(string Name, Tensor Tensor)> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        var header = new Dictionary<string, object> { ["__metadata__"] = metadata };
        var payloads = new List<byte[]>();
        long offset = 0;
        foreach (var (name, tensor) in tensors)
        {
            using var cpu = tensor.detach().cpu().contiguous();
            var (dtype, bytes) = cpu.dtype switch
            {
                ScalarType.Float32 => ("F32", Bytes<float>(cpu)),
                ScalarType.Float64 => ("F64", Bytes<double>(cpu)),
                ScalarType.Int64 => ("I64", Bytes<long>(cpu)),
                ScalarType.Int32 => ("I32", Bytes<int>(cpu)),
                ScalarType.Byte => ("U8", Bytes<byte>(cpu)),
                var other => throw new NotSupportedException($"Tensor '{name}' is {other}; safetensors export handles float32/64, int32/64 and uint8."),
            };
            header[name] = new { dtype, shape = cpu.shape, data_offsets = new[] { offset, offset + bytes.Length } };
            payloads.Add(bytes);
            offset += bytes.Length;
        }
        var json = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(header));
        // The format asks for the header padded with spaces so the tensors start 8-byte aligned.
        var padded = (json.Length + 7) / 8 * 8;
        var lengthBytes = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(lengthBytes, (ulong)padded);
        target.Write(lengthBytes);
        target.Write(json);
        for (var i = json.Length; i < padded; i++) target.WriteByte((byte)' ');
        foreach (var bytes in payloads) target.Write(bytes);
    }

    private static byte[] Bytes<T>(Tensor tensor) where T : unmanaged
    {
        var values = tensor.data<T>().ToArray();
        var bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("safetensors export needs a little-endian machine.");
        return bytes;
    }
}
