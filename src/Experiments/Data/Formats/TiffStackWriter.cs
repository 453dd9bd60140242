using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace UNet3D.Lab.Experiments.Data.Formats;

/// <summary>
/// Writes a volume as an ImageJ hyperstack, so that Fiji opens it with its channels, slices and voxel size: one
/// uncompressed page per (z, channel), channel fastest (ImageJ's czt order); the first page's ImageDescription gives
/// channels, slices, spacing (z) and the unit (micron, mm or m; none for an uncalibrated volume, which then reads
/// back with spacing 1); XResolution/YResolution are pixels per that unit. Classic little-endian
/// TIFF (ImageJ reads no BigTIFF), so at most 4 GiB. Written to a temporary file and renamed: a failure never leaves
/// half a file.
/// <para>
/// The TIFF structure is written here, not by LibTiff.NET: ImageJ reads a stack whose description says images=N as
/// N pages lying back to back after the first page's data and ignores the other directories (tifffile does the same),
/// while LibTiff puts each page's directory between the pages' pixels. So: header, first directory, all pixels, then
/// the other directories, as ImageJ itself writes.
/// </para>
/// </summary>
public static class TiffStackWriter
{
    private const ushort Ascii = 2, Short = 3, Long = 4, Rational = 5;

    /// <summary>
    /// Writes <paramref name="volume"/> as <paramref name="type"/>: uint8 (label maps), uint16 or float32, the types
    /// ImageJ has. Integer types get values rounded to the nearest integer (ties to even); a value that does not fit
    /// is an <see cref="ArgumentException"/> naming the voxel.
    /// </summary>
    public static void Write(string path, VolumeFile volume, VolumeDataType type)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(volume);
        var name = Path.GetFileName(path);
        if (type is not (VolumeDataType.UInt8 or VolumeDataType.UInt16 or VolumeDataType.Float32))
            throw new ArgumentOutOfRangeException(nameof(type), type, $"{name}: TIFF stacks are written as uint8, uint16 or float32, the types ImageJ opens; not {type.Name()}.");
        var bytesPerValue = type switch { VolumeDataType.UInt8 => 1, VolumeDataType.UInt16 => 2, _ => 4 };
        var pages = volume.Shape.Z * volume.Channels;
        var pageBytes = (long)volume.Shape.X * volume.Shape.Y * bytesPerValue;
        // Pixels plus generous room for the directories: classic TIFF offsets are 32 bit.
        if (pageBytes * pages + 256L * (pages + 1) > uint.MaxValue)
            throw new ArgumentException($"{name}: {pageBytes * pages} bytes of pixels do not fit classic TIFF's 4 GiB (ImageJ reads no BigTIFF); write NIfTI or HDF5 instead.", nameof(volume));

        // Narrowed up front, so a value that does not fit fails before any file is created.
        var values = new StoredValues(
            type == VolumeDataType.UInt8 ? VolumeDataTypes.Narrow<byte>(volume, type, name) : null,
            type == VolumeDataType.UInt16 ? VolumeDataTypes.Narrow<ushort>(volume, type, name) : null,
            volume.Data);
        var (min, max) = (volume.Data.Min(), volume.Data.Max());
        var description = Encoding.ASCII.GetBytes(ImageJDescription.Format(volume.Channels, volume.Shape.Z, volume.Spacing.Z, volume.Unit, min, max) + "\0");

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temporary = path + ".partial";
        try
        {
            using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1 << 16))
            {
                WriteStack(file, volume, type, values, bytesPerValue, description);
            }
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    private static void WriteStack(Stream file, VolumeFile volume, VolumeDataType type, StoredValues values, int bytesPerValue, byte[] description)
    {
        var (width, height) = (volume.Shape.X, volume.Shape.Y);
        var pages = volume.Shape.Z * volume.Channels;
        var pageBytes = (uint)(width * height * bytesPerValue);
        var software = "UNet3D.Lab\0"u8.ToArray();
        var xResolution = BestRational(1 / volume.Spacing.X);
        var yResolution = BestRational(1 / volume.Spacing.Y);

        // Layout: header | directory 0 | its description, resolutions, software | pixels of every page | directories 1...
        const uint firstDirectory = 8;
        var firstEntries = EntryCount(withDescription: true);
        var extras = Even(firstDirectory + DirectoryBytes(firstEntries));
        var descriptionOffset = extras;
        var xResolutionOffset = Even(descriptionOffset + (uint)description.Length);
        var yResolutionOffset = xResolutionOffset + 8;
        var softwareOffset = yResolutionOffset + 8;
        var pixels = Even(softwareOffset + (uint)software.Length);
        var laterDirectories = Even(pixels + pageBytes * (uint)pages);
        var laterDirectoryBytes = DirectoryBytes(EntryCount(withDescription: false));
        uint DirectoryAt(int page) => page == 0 ? firstDirectory : laterDirectories + (uint)(page - 1) * laterDirectoryBytes;

        var output = new TiffOutput(file);
        output.Bytes("II"u8);
        output.UInt16(42);
        output.UInt32(firstDirectory);
        for (var page = 0; page < pages; page++)
        {
            if (page == 1) output.PadTo(laterDirectories);
            var entries = new List<(ushort Tag, ushort Type, uint Count, uint Value)>
            {
                (254, Long, 1, 0),                              // NewSubfileType: a full-resolution page
                (256, Long, 1, (uint)width),                    // ImageWidth
                (257, Long, 1, (uint)height),                   // ImageLength
                (258, Short, 1, (uint)(8 * bytesPerValue)),     // BitsPerSample
                (259, Short, 1, 1),                             // Compression: none
                (262, Short, 1, 1),                             // PhotometricInterpretation: BlackIsZero
            };
            if (page == 0) entries.Add((270, Ascii, (uint)description.Length, descriptionOffset));
            entries.Add((273, Long, 1, pixels + (uint)page * pageBytes)); // StripOffsets
            entries.Add((277, Short, 1, 1));                              // SamplesPerPixel
            entries.Add((278, Long, 1, (uint)height));                    // RowsPerStrip: one strip per page
            entries.Add((279, Long, 1, pageBytes));                       // StripByteCounts
            entries.Add((282, Rational, 1, xResolutionOffset));           // XResolution: pixels per unit
            entries.Add((283, Rational, 1, yResolutionOffset));
            entries.Add((296, Short, 1, 1));                              // ResolutionUnit: none (the unit is ImageJ's)
            entries.Add((305, Ascii, (uint)software.Length, softwareOffset));
            entries.Add((339, Short, 1, type == VolumeDataType.Float32 ? 3u : 1u)); // SampleFormat: float or unsigned

            output.UInt16((ushort)entries.Count);
            foreach (var (tag, fieldType, count, value) in entries)
            {
                output.UInt16(tag);
                output.UInt16(fieldType);
                output.UInt32(count);
                // A SHORT sits in the first two bytes of the four-byte value field.
                if (fieldType == Short)
                {
                    output.UInt16((ushort)value);
                    output.UInt16(0);
                }
                else
                {
                    output.UInt32(value);
                }
            }
            output.UInt32(page + 1 < pages ? DirectoryAt(page + 1) : 0);

            if (page == 0)
            {
                output.PadTo(descriptionOffset);
                output.Bytes(description);
                output.PadTo(xResolutionOffset);
                output.UInt32(xResolution.Numerator);
                output.UInt32(xResolution.Denominator);
                output.UInt32(yResolution.Numerator);
                output.UInt32(yResolution.Denominator);
                output.Bytes(software);
                output.PadTo(pixels);
                WritePixels(output, volume, values, bytesPerValue);
            }
        }
    }

    private static void WritePixels(TiffOutput output, VolumeFile volume, StoredValues values, int bytesPerValue)
    {
        var (width, height) = (volume.Shape.X, volume.Shape.Y);
        var row = new byte[width * bytesPerValue];
        for (var z = 0; z < volume.Shape.Z; z++)
        for (var channel = 0; channel < volume.Channels; channel++)
        for (var y = 0; y < height; y++)
        {
            values.Row((int)volume.Index(channel, z, y, 0), width).CopyTo(row);
            // Little-endian on disk ("II") whatever the machine.
            if (!BitConverter.IsLittleEndian) NiftiDataTypes.ReverseByteOrder(row, bytesPerValue);
            output.Bytes(row);
        }
    }

    private static int EntryCount(bool withDescription) => withDescription ? 16 : 15;

    private static uint DirectoryBytes(int entries) => (uint)(2 + 12 * entries + 4);

    // TIFF wants every offset on a word boundary.
    private static uint Even(uint offset) => (offset + 1) & ~1u;

    /// <summary>
    /// The fraction nearest <paramref name="value"/> with 32-bit numerator and denominator (continued fractions), so
    /// that the spacing survives to about double precision rather than the 7 digits of a float.
    /// </summary>
    internal static (uint Numerator, uint Denominator) BestRational(double value)
    {
        if (!(value > 0) || !double.IsFinite(value)) throw new ArgumentOutOfRangeException(nameof(value), value, "A resolution must be positive and finite.");
        if (value >= uint.MaxValue) return (uint.MaxValue, 1);
        (double Numerator, double Denominator) previous = (1, 0), current = (Math.Floor(value), 1);
        var remainder = value - Math.Floor(value);
        while (remainder > 1e-15 && current.Numerator / current.Denominator != value)
        {
            var inverse = 1 / remainder;
            var term = Math.Floor(inverse);
            remainder = inverse - term;
            var next = (Numerator: term * current.Numerator + previous.Numerator, Denominator: term * current.Denominator + previous.Denominator);
            if (next.Numerator > uint.MaxValue || next.Denominator > uint.MaxValue) break;
            (previous, current) = (current, next);
        }
        // A value below 1/2^32 rounds to numerator 0; the smallest positive fraction is nearer.
        return current.Numerator == 0 ? (1, uint.MaxValue) : ((uint)current.Numerator, (uint)current.Denominator);
    }

    /// <summary>The values as they go into the file: exactly one of the arrays is used, by the written type.</summary>
    private sealed record StoredValues(byte[]? Bytes, ushort[]? Shorts, float[] Floats)
    {
        public ReadOnlySpan<byte> Row(int start, int count) =>
            Bytes is not null ? Bytes.AsSpan(start, count)
            : Shorts is not null ? MemoryMarshal.AsBytes(Shorts.AsSpan(start, count))
            : MemoryMarshal.AsBytes(Floats.AsSpan(start, count));
    }

    /// <summary>Little-endian output that knows its position, for laying out offsets.</summary>
    private sealed class TiffOutput(Stream stream)
    {
        private long position;

        public void Bytes(ReadOnlySpan<byte> bytes)
        {
            stream.Write(bytes);
            position += bytes.Length;
        }

        public void UInt16(ushort value)
        {
            Span<byte> bytes = stackalloc byte[2];
            BinaryPrimitives.WriteUInt16LittleEndian(bytes, value);
            Bytes(bytes);
        }

        public void UInt32(uint value)
        {
            Span<byte> bytes = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
            Bytes(bytes);
        }

        public void PadTo(uint offset)
        {
            if (offset < position) throw new InvalidOperationException($"TIFF layout error: at byte {position}, past offset {offset}.");
            Span<byte> zeros = stackalloc byte[16];
            while (position < offset) Bytes(zeros[..(int)Math.Min(zeros.Length, offset - position)]);
        }
    }
}
