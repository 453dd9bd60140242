using System.Buffers.Binary;
using System.IO.Compression;
using UNet3D.Lab.Silo.Datasets;

namespace UNet3D.Lab.Silo.Tests;

public sealed class PngEncoderTests
{
    [Fact]
    public void Crc32_matches_the_standard_check_value()
    {
        // The CRC-32 check value of ISO-HDLC / PNG / zlib for the ASCII digits 1 to 9.
        Assert.Equal(0xCBF43926u, PngEncoder.Crc32("123456789"u8));
        Assert.Equal(0xCBF43926u, PngEncoder.Crc32("6789"u8, PngEncoder.Crc32("12345"u8)));
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(3, 2)]
    [InlineData(4, 6)]
    public void Png_has_valid_chunks_and_its_pixel_rows_inflate_back(int samples, byte colourType)
    {
        const int width = 7, height = 5;
        var pixels = Enumerable.Range(0, width * height * samples).Select(i => (byte)(i * 37)).ToArray();
        var png = PngEncoder.Encode(width, height, samples, pixels);

        Assert.Equal(new byte[] { 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a }, png[..8]);
        var chunks = new List<(string Type, byte[] Data)>();
        for (var at = 8; at < png.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            var typeAndData = png.AsSpan(at + 4, 4 + length);
            Assert.Equal(BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(at + 8 + length)), BitwiseCrc32(typeAndData));
            chunks.Add((System.Text.Encoding.ASCII.GetString(typeAndData[..4]), typeAndData[4..].ToArray()));
            at += 12 + length;
        }
        Assert.Equal(["IHDR", "IDAT", "IEND"], chunks.Select(c => c.Type));
        var header = chunks[0].Data;
        Assert.Equal((width, height, 8, colourType), (BinaryPrimitives.ReadInt32BigEndian(header), BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4)), (int)header[8], header[9]));

        using var inflated = new MemoryStream();
        using (var zlib = new ZLibStream(new MemoryStream(chunks[1].Data), CompressionMode.Decompress)) zlib.CopyTo(inflated);
        var rows = inflated.ToArray();
        var stride = width * samples;
        Assert.Equal(height * (stride + 1), rows.Length);
        for (var row = 0; row < height; row++)
        {
            Assert.Equal(0, rows[row * (stride + 1)]); // filter type none
            Assert.Equal(pixels.AsSpan(row * stride, stride).ToArray(), rows.AsSpan(row * (stride + 1) + 1, stride).ToArray());
        }
    }

    [Fact]
    public void Wrong_pixel_count_is_refused()
    {
        Assert.Throws<ArgumentException>(() => PngEncoder.Encode(2, 2, 3, new byte[11]));
        Assert.Throws<ArgumentOutOfRangeException>(() => PngEncoder.Encode(2, 2, 2, new byte[8]));
    }

    /// <summary>CRC-32 bit by bit, without a table: an independent check of the encoder's.</summary>
    private static uint BitwiseCrc32(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc >> 1) ^ (0xEDB88320u & (uint)-(int)(crc & 1));
        }
        return ~crc;
    }
}
