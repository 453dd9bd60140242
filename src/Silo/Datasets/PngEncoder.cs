using System.Buffers.Binary;
using System.IO.Compression;

namespace UNet3D.Lab.Silo.Datasets;

/// <summary>
/// A minimal PNG writer (8 bits per sample; gray, RGB or RGBA; no filtering, zlib-compressed): enough for the
/// thumbnails, without an imaging library.
/// </summary>
public static class PngEncoder
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0d, 0x0a, 0x1a, 0x0a];
    private static readonly uint[] CrcTable = BuildCrcTable();

    /// <param name="samplesPerPixel">1 (gray), 3 (RGB) or 4 (RGBA).</param>
    /// <param name="pixels">Rows top to bottom, each <paramref name="width"/> × <paramref name="samplesPerPixel"/> bytes.</param>
    public static byte[] Encode(int width, int height, int samplesPerPixel, ReadOnlySpan<byte> pixels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        var colourType = samplesPerPixel switch
        {
            1 => (byte)0,
            3 => (byte)2,
            4 => (byte)6,
            _ => throw new ArgumentOutOfRangeException(nameof(samplesPerPixel), samplesPerPixel, "PNG pixels here have 1, 3 or 4 samples."),
        };
        var stride = width * samplesPerPixel;
        if (pixels.Length != (long)stride * height)
            throw new ArgumentException($"{width}x{height} pixels of {samplesPerPixel} samples need {(long)stride * height} bytes, got {pixels.Length}.", nameof(pixels));

        using var png = new MemoryStream();
        png.Write(Signature);

        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], height);
        header[8] = 8;          // bit depth
        header[9] = colourType;
        header[10] = 0;         // deflate
        header[11] = 0;         // adaptive filtering (every row uses filter 0, none)
        header[12] = 0;         // no interlace
        WriteChunk(png, "IHDR"u8, header);

        using (var compressed = new MemoryStream())
        {
            using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
            {
                for (var row = 0; row < height; row++)
                {
                    zlib.WriteByte(0);
                    zlib.Write(pixels.Slice(row * stride, stride));
                }
            }
            WriteChunk(png, "IDAT"u8, compressed.GetBuffer().AsSpan(0, (int)compressed.Length));
        }
        WriteChunk(png, "IEND"u8, []);
        return png.ToArray();
    }

    /// <summary>CRC-32 as PNG (and zlib, gzip, Ethernet) define it: polynomial 0xEDB88320, reflected, inverted.</summary>
    public static uint Crc32(ReadOnlySpan<byte> bytes, uint crc = 0)
    {
        crc = ~crc;
        foreach (var b in bytes) crc = CrcTable[(crc ^ b) & 0xff] ^ (crc >> 8);
        return ~crc;
    }

    private static void WriteChunk(Stream png, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        png.Write(word);
        png.Write(type);
        png.Write(data);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc32(data, Crc32(type)));
        png.Write(word);
    }

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            table[n] = c;
        }
        return table;
    }
}
