using System.Buffers.Binary;
using System.IO.Compression;
using UNet3D.Lab.Silo.Datasets;
using UNet3D.Lab.Silo.Datasets.Annotations;
using UNet3D.Lab.Tests.Shared;

namespace UNet3D.Lab.Silo.Tests;

/// <summary>
/// The annotation slices' PNG reader against files another encoder wrote (Pillow, which filters rows adaptively) and
/// against every row filter of the PNG specification.
/// </summary>
public sealed class GrayscalePngReaderTests : IDisposable
{
    private const int Width = 37, Height = 23;
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("unet3d-png-");

    public void Dispose() => folder.Delete(recursive: true);

    private static byte Pixel(int x, int y) => (byte)((x * 7 + y * 13 + x * y % 11) % 256);

    [PythonModulesFact("PIL")]
    public void Reads_what_Pillow_writes_pixel_for_pixel()
    {
        var script = Path.Combine(folder.FullName, "write.py");
        var path = Path.Combine(folder.FullName, "slice.png");
        File.WriteAllText(script, """
            import json, sys
            from PIL import Image
            path, width, height = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
            image = Image.new("L", (width, height))
            image.putdata([(x * 7 + y * 13 + x * y % 11) % 256 for y in range(height) for x in range(width)])
            image.save(path)
            print(json.dumps({"mode": image.mode}))
            """);
        PythonTool.RunJson(script, path, Width.ToString(), Height.ToString());
        var png = File.ReadAllBytes(path);

        Assert.True(RowFilters(png).Distinct().Count() > 1, "Pillow wrote every row with one filter: this test would not exercise the others");
        var pixels = GrayscalePngReader.Read(png, Width, Height);
        for (var y = 0; y < Height; y++)
        for (var x = 0; x < Width; x++)
            Assert.True(Pixel(x, y) == pixels[y * Width + x], $"pixel ({x}, {y}): {pixels[y * Width + x]}, expected {Pixel(x, y)}");
    }

    [Fact]
    public void Undoes_each_of_the_five_row_filters()
    {
        var pixels = new byte[Width * Height];
        for (var y = 0; y < Height; y++)
        for (var x = 0; x < Width; x++)
            pixels[y * Width + x] = Pixel(x, y);
        // Rows filtered None, Sub, Up, Average, Paeth in turn, as the specification defines them.
        var raw = new byte[(Width + 1) * Height];
        for (var y = 0; y < Height; y++)
        {
            var filter = (byte)(y % 5);
            raw[y * (Width + 1)] = filter;
            for (var x = 0; x < Width; x++)
            {
                int a = x > 0 ? pixels[y * Width + x - 1] : 0, b = y > 0 ? pixels[(y - 1) * Width + x] : 0, c = x > 0 && y > 0 ? pixels[(y - 1) * Width + x - 1] : 0;
                var predictor = filter switch { 0 => 0, 1 => a, 2 => b, 3 => (a + b) / 2, _ => PaethOf(a, b, c) };
                raw[y * (Width + 1) + 1 + x] = (byte)(pixels[y * Width + x] - predictor);
            }
        }
        Assert.Equal(pixels, GrayscalePngReader.Read(Png(raw), Width, Height));
    }

    [Fact]
    public void Damaged_files_are_refused_naming_what_is_wrong()
    {
        var png = PngEncoder.Encode(Width, Height, 1, new byte[Width * Height]);
        var damaged = (byte[])png.Clone();
        damaged[^20] ^= 0xff; // inside the IDAT data: its CRC no longer matches
        Assert.Contains("CRC", Assert.Throws<InvalidDataException>(() => GrayscalePngReader.Read(damaged, Width, Height)).Message);
        var oneRowTooMany = Inflate(PngEncoder.Encode(Width, Height + 1, 1, new byte[Width * (Height + 1)]));
        Assert.Contains("more pixel data", Assert.Throws<InvalidDataException>(() => GrayscalePngReader.Read(Png(oneRowTooMany), Width, Height)).Message);
        Assert.Contains("less pixel data", Assert.Throws<InvalidDataException>(() => GrayscalePngReader.Read(Png(oneRowTooMany[..(Width * 3)]), Width, Height)).Message);
        Assert.Contains("filter type 9", Assert.Throws<InvalidDataException>(() => GrayscalePngReader.Read(Png(Enumerable.Repeat((byte)9, (Width + 1) * Height).ToArray()), Width, Height)).Message);
    }

    private static int PaethOf(int a, int b, int c)
    {
        var p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    /// <summary>A grayscale PNG of <paramref name="width"/> × <paramref name="height"/> around already filtered rows.</summary>
    private static byte[] Png(byte[] filteredRows, int width = Width, int height = Height)
    {
        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0d, 0x0a, 0x1a, 0x0a]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8;
        Chunk(png, "IHDR"u8, header);
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true)) zlib.Write(filteredRows);
        Chunk(png, "IDAT"u8, compressed.ToArray());
        Chunk(png, "IEND"u8, []);
        return png.ToArray();
    }

    private static void Chunk(Stream png, ReadOnlySpan<byte> type, byte[] data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        png.Write(word);
        png.Write(type);
        png.Write(data);
        BinaryPrimitives.WriteUInt32BigEndian(word, PngEncoder.Crc32(data, PngEncoder.Crc32(type)));
        png.Write(word);
    }

    /// <summary>The filtered rows of a PNG (its IDAT data inflated).</summary>
    private static byte[] Inflate(byte[] png)
    {
        using var idat = new MemoryStream();
        for (var at = 8; at < png.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            if (png.AsSpan(at + 4, 4).SequenceEqual("IDAT"u8)) idat.Write(png, at + 8, length);
            at += 12 + length;
        }
        idat.Position = 0;
        using var zlib = new ZLibStream(idat, CompressionMode.Decompress);
        using var rows = new MemoryStream();
        zlib.CopyTo(rows);
        return rows.ToArray();
    }

    private static IEnumerable<byte> RowFilters(byte[] png)
    {
        var rows = Inflate(png);
        for (var y = 0; y < Height; y++) yield return rows[y * (Width + 1)];
    }
}
