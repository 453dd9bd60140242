using System.Buffers.Binary;

namespace UNet3D.Lab.Silo.Series;

/// <summary>
/// A chunk's points as one binary value: 20 bytes a point, little-endian (int32 step, float64 value, float64
/// seconds), in step order. A tenth of the size of BSON arrays, and read without a document per point.
/// </summary>
internal static class SeriesChunkCodec
{
    public const int PointSize = 20;

    public static byte[] Encode(IReadOnlyList<SeriesPoint> points)
    {
        var bytes = new byte[points.Count * PointSize];
        for (var i = 0; i < points.Count; i++)
        {
            var at = bytes.AsSpan(i * PointSize, PointSize);
            BinaryPrimitives.WriteInt32LittleEndian(at, points[i].Step);
            BinaryPrimitives.WriteDoubleLittleEndian(at[4..], points[i].Value);
            BinaryPrimitives.WriteDoubleLittleEndian(at[12..], points[i].Seconds);
        }
        return bytes;
    }

    public static int Count(byte[] bytes) =>
        bytes.Length % PointSize == 0 ? bytes.Length / PointSize
            : throw new InvalidDataException($"A series chunk of {bytes.Length} bytes is not a whole number of {PointSize}-byte points.");

    public static SeriesPoint Point(byte[] bytes, int index)
    {
        var at = bytes.AsSpan(index * PointSize, PointSize);
        return new SeriesPoint(BinaryPrimitives.ReadInt32LittleEndian(at), BinaryPrimitives.ReadDoubleLittleEndian(at[4..]),
            BinaryPrimitives.ReadDoubleLittleEndian(at[12..]));
    }

    public static List<SeriesPoint> Decode(byte[] bytes)
    {
        var points = new List<SeriesPoint>(Count(bytes));
        for (var i = 0; i < points.Capacity; i++) points.Add(Point(bytes, i));
        return points;
    }
}
