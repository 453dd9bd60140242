using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace UNet3D.Lab.Silo.Datasets;

/// <summary>
/// A stored volume's voxels as raw files, hashed while they are written or read: the image as little-endian float32
/// (C, Z, Y, X), the labels as bytes (Z, Y, X). The hash is <see cref="DatasetInfo.Sha256"/>'s: x, y, z and channels
/// as little-endian int32, then the image's bytes, then the labels'.
/// </summary>
public static class RawVolumeFiles
{
    private const int ChunkValues = 1 << 18;

    /// <summary>A SHA-256 that has taken in the volume's dimensions; append the image, then the labels.</summary>
    public static IncrementalHash StartHash(VolumeShape shape, int channels)
    {
        var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> dimensions = stackalloc byte[16];
        BinaryPrimitives.WriteInt32LittleEndian(dimensions, shape.X);
        BinaryPrimitives.WriteInt32LittleEndian(dimensions[4..], shape.Y);
        BinaryPrimitives.WriteInt32LittleEndian(dimensions[8..], shape.Z);
        BinaryPrimitives.WriteInt32LittleEndian(dimensions[12..], channels);
        hash.AppendData(dimensions);
        return hash;
    }

    public static string Finish(IncrementalHash hash) => Convert.ToHexStringLower(hash.GetHashAndReset());

    public static void WriteFloats(string path, float[] values, IncrementalHash hash)
    {
        using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        var buffer = new byte[Math.Min(ChunkValues, values.Length) * sizeof(float)];
        for (var done = 0; done < values.Length;)
        {
            var count = Math.Min(ChunkValues, values.Length - done);
            var bytes = buffer.AsSpan(0, count * sizeof(float));
            MemoryMarshal.AsBytes(values.AsSpan(done, count)).CopyTo(bytes);
            if (!BitConverter.IsLittleEndian)
            {
                var words = MemoryMarshal.Cast<byte, int>(bytes);
                BinaryPrimitives.ReverseEndianness(words, words);
            }
            hash.AppendData(bytes);
            file.Write(bytes);
            done += count;
        }
        file.Flush(flushToDisk: true);
    }

    public static void WriteBytes(string path, byte[] values, IncrementalHash hash)
    {
        using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        hash.AppendData(values);
        file.Write(values);
        file.Flush(flushToDisk: true);
    }

    public static float[] ReadFloats(string path, int count, IncrementalHash hash)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        if (file.Length != (long)count * sizeof(float))
            throw new InvalidDataException($"{path} has {file.Length} bytes; {count} float32 values need {(long)count * sizeof(float)}.");
        var values = new float[count];
        for (var done = 0; done < count;)
        {
            var chunk = Math.Min(ChunkValues, count - done);
            var bytes = MemoryMarshal.AsBytes(values.AsSpan(done, chunk));
            file.ReadExactly(bytes);
            hash.AppendData(bytes);
            if (!BitConverter.IsLittleEndian)
            {
                var words = MemoryMarshal.Cast<byte, int>(bytes);
                BinaryPrimitives.ReverseEndianness(words, words);
            }
            done += chunk;
        }
        return values;
    }

    public static byte[] ReadBytes(string path, int count, IncrementalHash hash)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        if (file.Length != count)
            throw new InvalidDataException($"{path} has {file.Length} bytes; {count} labels need {count}.");
        var values = new byte[count];
        file.ReadExactly(values);
        hash.AppendData(values);
        return values;
    }
}
