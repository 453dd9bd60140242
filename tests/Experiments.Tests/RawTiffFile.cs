using System.Buffers.Binary;
using System.Text;

namespace UNet3D.Lab.Experiments.Tests;

/// <summary>
/// Builds classic little-endian TIFF files byte by byte, with tag numbers and field types from the TIFF 6.0
/// specification rather than from LibTiff: bad input can say exactly what it claims. Defaults: 2 pages of 3×2
/// uint8, one uncompressed strip each, no description.
/// </summary>
internal sealed class RawTiffFile
{
    private const ushort Short = 3, Long = 4, Ascii = 2;

    public uint Width { get; set; } = 3;
    public uint Height { get; set; } = 2;
    public int Pages { get; set; } = 2;
    public ushort BitsPerSample { get; set; } = 8;
    public ushort SampleFormat { get; set; } = 1;
    public ushort Compression { get; set; } = 1;
    public string? Description { get; set; }

    /// <summary>Width of a given page, when it should differ from <see cref="Width"/>.</summary>
    public Dictionary<int, uint> PageWidths { get; } = [];

    /// <summary>The strip byte count every page claims; null for what its pixels take.</summary>
    public uint? ClaimedStripBytes { get; set; }

    /// <summary>Pixel bytes of each page (zeros unless set): page → bytes.</summary>
    public Func<int, byte[]>? PixelBytes { get; set; }

    public byte[] Build()
    {
        var file = new List<byte>();
        file.AddRange("II"u8.ToArray());
        file.AddRange(LittleEndian16(42));
        var firstIfdField = file.Count;
        file.AddRange(new byte[4]);
        var previousNextField = firstIfdField;
        for (var page = 0; page < Pages; page++)
        {
            var width = PageWidths.GetValueOrDefault(page, Width);
            var pixels = PixelBytes?.Invoke(page) ?? new byte[width * Height * BitsPerSample / 8];
            var pixelOffset = (uint)file.Count;
            file.AddRange(pixels);
            uint descriptionOffset = 0, descriptionLength = 0;
            if (page == 0 && Description is not null)
            {
                var text = Encoding.Latin1.GetBytes(Description + "\0");
                descriptionOffset = (uint)file.Count;
                descriptionLength = (uint)text.Length;
                file.AddRange(text);
            }
            if (file.Count % 2 == 1) file.Add(0); // IFDs start on a word boundary.

            var entries = new List<(ushort Tag, ushort Type, uint Count, uint Value)>
            {
                (256, Long, 1, width),
                (257, Long, 1, Height),
                (258, Short, 1, BitsPerSample),
                (259, Short, 1, Compression),
                (262, Short, 1, 1), // PhotometricInterpretation: BlackIsZero
            };
            if (descriptionLength > 0) entries.Add((270, Ascii, descriptionLength, descriptionOffset));
            entries.Add((273, Long, 1, pixelOffset));
            entries.Add((277, Short, 1, 1));
            entries.Add((278, Long, 1, Height));
            entries.Add((279, Long, 1, ClaimedStripBytes ?? (uint)pixels.Length));
            entries.Add((339, Short, 1, SampleFormat));

            var ifdOffset = (uint)file.Count;
            BinaryPrimitives.WriteUInt32LittleEndian(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(file)[previousNextField..], ifdOffset);
            file.AddRange(LittleEndian16((ushort)entries.Count));
            foreach (var (tag, type, count, value) in entries)
            {
                file.AddRange(LittleEndian16(tag));
                file.AddRange(LittleEndian16(type));
                file.AddRange(LittleEndian32(count));
                // A SHORT value sits in the first two bytes of the value field.
                file.AddRange(type == Short ? [.. LittleEndian16((ushort)value), 0, 0] : LittleEndian32(value));
            }
            previousNextField = file.Count;
            file.AddRange(new byte[4]);
        }
        return [.. file];
    }

    private static byte[] LittleEndian16(ushort value)
    {
        var bytes = new byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, value);
        return bytes;
    }

    private static byte[] LittleEndian32(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        return bytes;
    }
}
