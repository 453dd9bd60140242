using System.Buffers.Binary;
using System.IO.Compression;

namespace UNet3D.Lab.Silo.Datasets.Annotations;

/// <summary>
/// Reads the one kind of PNG an annotated slice is: 8-bit grayscale (colour type 0, bit depth 8), not interlaced, of
/// a size known in advance. The size is checked in the header before anything is inflated, and at most that many
/// pixels are inflated, so a small upload cannot expand into a large allocation.
/// </summary>
/// <remarks>
/// Inflating is <see cref="ZLibStream"/>'s; the rest (chunks, their CRCs, the five row filters) is the PNG
/// specification's few pages. An imaging library would accept any PNG and convert it silently, while a slice with
/// colours or 16-bit values must be refused and named.
/// </remarks>
public static class GrayscalePngReader
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0d, 0x0a, 0x1a, 0x0a];

    /// <summary>The pixels, rows top to bottom; throws <see cref="InvalidDataException"/> naming what is wrong.</summary>
    public static byte[] Read(ReadOnlySpan<byte> png, int width, int height)
    {
        if (png.Length < Signature.Length || !png[..Signature.Length].SequenceEqual(Signature))
            throw new InvalidDataException("the body is not a PNG image (it does not start with the PNG signature).");
        var position = Signature.Length;
        var sawHeader = false;
        using var compressed = new MemoryStream();
        while (true)
        {
            if (png.Length - position < 12) throw new InvalidDataException("the PNG ends before its IEND chunk (truncated).");
            var length = BinaryPrimitives.ReadUInt32BigEndian(png[position..]);
            if (length > png.Length - position - 12) throw new InvalidDataException("the PNG ends inside a chunk (truncated).");
            var type = png.Slice(position + 4, 4);
            var data = png.Slice(position + 8, (int)length);
            var crc = BinaryPrimitives.ReadUInt32BigEndian(png[(position + 8 + (int)length)..]);
            if (PngEncoder.Crc32(data, PngEncoder.Crc32(type)) != crc)
                throw new InvalidDataException($"the PNG's {System.Text.Encoding.ASCII.GetString(type)} chunk fails its CRC check (damaged).");
            position += 12 + (int)length;
            if (!sawHeader)
            {
                if (!type.SequenceEqual("IHDR"u8) || length != 13) throw new InvalidDataException("the PNG does not begin with its IHDR header chunk.");
                CheckHeader(data, width, height);
                sawHeader = true;
            }
            else if (type.SequenceEqual("IDAT"u8))
            {
                compressed.Write(data);
            }
            else if (type.SequenceEqual("IEND"u8))
            {
                break;
            }
        }
        return Unfilter(Inflate(compressed, width, height), width, height);
    }

    private static void CheckHeader(ReadOnlySpan<byte> header, int width, int height)
    {
        var actualWidth = BinaryPrimitives.ReadUInt32BigEndian(header);
        var actualHeight = BinaryPrimitives.ReadUInt32BigEndian(header[4..]);
        var (depth, colour, interlace) = (header[8], header[9], header[12]);
        if (colour != 0 || depth != 8)
            throw new InvalidDataException(
                $"the PNG is {ColourName(colour)} with bit depth {depth}; a slice must be 8-bit grayscale (colour type 0, bit depth 8), one class index per pixel.");
        if (interlace != 0) throw new InvalidDataException("the PNG is interlaced (Adam7); save it without interlacing.");
        if (header[10] != 0 || header[11] != 0) throw new InvalidDataException("the PNG names an unknown compression or filter method.");
        if (actualWidth != width || actualHeight != height)
            throw new InvalidDataException($"the PNG is {actualWidth}×{actualHeight} pixels; this slice needs {width}×{height} (width × height).");
    }

    private static string ColourName(byte colour) => colour switch
    {
        0 => "grayscale",
        2 => "RGB (colour type 2)",
        3 => "palette-based (colour type 3)",
        4 => "grayscale with alpha (colour type 4)",
        6 => "RGBA (colour type 6)",
        _ => $"colour type {colour}",
    };

    private static byte[] Inflate(MemoryStream compressed, int width, int height)
    {
        var expected = checked((width + 1) * height);
        var raw = new byte[expected];
        compressed.Position = 0;
        try
        {
            using var zlib = new ZLibStream(compressed, CompressionMode.Decompress);
            zlib.ReadExactly(raw);
            if (zlib.ReadByte() >= 0) throw new InvalidDataException($"the PNG holds more pixel data than {width}×{height} pixels.");
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException($"the PNG holds less pixel data than its {width}×{height} pixels (truncated).");
        }
        catch (InvalidDataException e) when (!e.Message.StartsWith("the PNG", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"the PNG's compressed pixel data is damaged ({e.Message}).");
        }
        return raw;
    }

    /// <summary>Undoes the per-row filters (PNG specification, section 9) for one byte per pixel.</summary>
    private static byte[] Unfilter(byte[] raw, int width, int height)
    {
        var pixels = new byte[width * height];
        for (var row = 0; row < height; row++)
        {
            var filter = raw[row * (width + 1)];
            var source = raw.AsSpan(row * (width + 1) + 1, width);
            var line = pixels.AsSpan(row * width, width);
            var above = row == 0 ? Span<byte>.Empty : pixels.AsSpan((row - 1) * width, width);
            for (var x = 0; x < width; x++)
            {
                int left = x > 0 ? line[x - 1] : 0, up = row > 0 ? above[x] : 0, upLeft = x > 0 && row > 0 ? above[x - 1] : 0;
                line[x] = (byte)(source[x] + filter switch
                {
                    0 => 0,
                    1 => left,
                    2 => up,
                    3 => (left + up) / 2,
                    4 => Paeth(left, up, upLeft),
                    _ => throw new InvalidDataException($"the PNG's row {row} uses filter type {filter}; PNG defines 0 to 4."),
                });
            }
        }
        return pixels;
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
