using System.Buffers.Binary;
using UNet3D.Lab.Experiments.Data.Formats;

namespace UNet3D.Lab.Experiments.Tests;

/// <summary>
/// Broken and unsupported TIFFs, built byte by byte (<see cref="RawTiffFile"/>) or cut from the tifffile fixtures:
/// each fails with a <see cref="VolumeFormatException"/> naming the file and the tag or page at fault.
/// </summary>
public sealed class TiffBadInputTests
{
    private static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures", "tiff");

    [Fact]
    public void A_valid_raw_file_reads_so_the_failures_below_are_the_changes_alone()
    {
        var volume = Read("valid.tif", new RawTiffFile { PixelBytes = page => [.. Enumerable.Range(10 * page, 6).Select(v => (byte)v)] }.Build());
        Assert.Equal(new Data.VolumeShape(2, 2, 3), volume.Shape);
        Assert.Equal([0, 1, 2, 3, 4, 5, 10, 11, 12, 13, 14, 15], volume.Data);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    public void Shorter_than_a_header(int length)
    {
        var error = Fails("short.tif", new RawTiffFile().Build()[..length]);
        Assert.Equal($"short.tif: truncated: {length} bytes, a TIFF header has 8.", error.Message);
    }

    [Fact]
    public void Wrong_magic_bytes()
    {
        var bytes = new RawTiffFile().Build();
        "PK\x03\x04"u8.CopyTo(bytes);
        Assert.Contains("zip.tif: not a TIFF file: it starts with 504B0304", Fails("zip.tif", bytes).Message);
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(0.6)]
    [InlineData(0.9)]
    [InlineData(0.99)]
    public void Truncated_fixture(double kept)
    {
        var bytes = File.ReadAllBytes(Path.Combine(Fixtures, "uint16_2ch.tif"));
        var error = Fails("cut.tif", bytes[..(int)(bytes.Length * kept)]);
        Assert.StartsWith("cut.tif: ", error.Message);
    }

    [Fact]
    public void Pixels_cut_off_are_named_before_reading()
    {
        // One page from our writer: header, directory, then the pixels, which the cut shortens.
        var path = Path.Combine(Path.GetTempPath(), "unet3d-lab-tests", $"one-page-{Guid.NewGuid():N}.tif");
        try
        {
            TiffStackWriter.Write(path, new VolumeFile(new Data.VolumeShape(1, 5, 6), 1, new float[30], (1, 1, 1), SpatialUnit.Micron, "uint16", VolumeFormat.Tiff), VolumeDataType.UInt16);
            var bytes = File.ReadAllBytes(path);
            var error = Fails("cut.tif", bytes[..^3]);
            Assert.Matches(@"^cut\.tif: page 0: strip 0 \(StripOffsets = \d+, StripByteCounts = 60\) runs past the end of the file \(\d+ bytes\): truncated\.$", error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Zero_width()
    {
        var error = Fails("empty.tif", new RawTiffFile { Width = 0 }.Build());
        Assert.StartsWith("empty.tif: ", error.Message);
        // LibTiff refuses the directory itself; the message passes its reason on.
        Assert.Equal("empty.tif: not a readable TIFF (ReadDirectory: empty.tif: cannot handle zero scanline size).", error.Message);
    }

    [Fact]
    public void Absurd_size_is_refused_before_allocating()
    {
        // 100000 × 100000 × 2 pages: 2·10^10 values claimed by a file of a few hundred bytes.
        var raw = new RawTiffFile { Width = 100_000, Height = 100_000, PixelBytes = _ => new byte[6], ClaimedStripBytes = 6 };
        var error = Fails("huge.tif", raw.Build());
        Assert.Contains("huge.tif: ImageWidth × ImageLength × pages × SamplesPerPixel = 100000 × 100000 × 2 × 1 is 20000000000 values, more than the limit of 536870912 (VolumeLimits.MaxValues)", error.Message);
    }

    [Fact]
    public void The_limit_is_configurable()
    {
        var bytes = new RawTiffFile().Build();
        Assert.Contains("limit of 11", Assert.Throws<VolumeFormatException>(() => TiffStackReader.Read(new MemoryStream(bytes), "small.tif", new VolumeLimits { MaxValues = 11 })).Message);
        Assert.Equal(12, TiffStackReader.Read(new MemoryStream(bytes), "small.tif", new VolumeLimits { MaxValues = 12 }).Data.Length);
    }

    [Theory]
    [InlineData(34712, "Compression = 34712 (JP2000) is not supported")]
    [InlineData(50000, "Compression = 50000 (unknown to LibTiff) is not supported")]
    public void Unsupported_compression_is_named(ushort compression, string expected)
    {
        var error = Fails("packed.tif", new RawTiffFile { Compression = compression }.Build());
        Assert.Contains($"packed.tif: page 0: {expected}", error.Message);
        Assert.Contains("LZW", error.Message);
    }

    [Theory]
    [InlineData(12, 1, "BitsPerSample = 12 with SampleFormat = 1 (unsigned integer)")]
    [InlineData(64, 1, "BitsPerSample = 64 with SampleFormat = 1 (unsigned integer)")]
    [InlineData(32, 6, "BitsPerSample = 32 with SampleFormat = 6 (complex floating point)")]
    public void Unsupported_bit_depth_is_named(ushort bits, ushort format, string expected)
    {
        var raw = new RawTiffFile { BitsPerSample = bits, SampleFormat = format, PixelBytes = _ => new byte[3 * 2 * 8] };
        var error = Fails("deep.tif", raw.Build());
        Assert.Contains($"deep.tif: page 0: {expected} is not supported", error.Message);
    }

    [Fact]
    public void Pages_of_different_sizes()
    {
        var raw = new RawTiffFile { Pages = 3 };
        raw.PageWidths[2] = 4;
        var error = Fails("ragged.tif", raw.Build());
        Assert.Contains("ragged.tif: page 2: ImageWidth = 4 differs from page 0's 3", error.Message);
    }

    [Theory]
    [InlineData("ImageJ=1.54f\nimages=3\nslices=3\n", "images=3 but the file has 2 page(s)")]
    [InlineData("ImageJ=1.54f\nimages=2\nchannels=2\nslices=2\n", "images=2 is not channels × slices = 2 × 2")]
    [InlineData("ImageJ=1.54f\nimages=2\nframes=2\n", "frames=2: time series are not supported")]
    [InlineData("ImageJ=1.54f\nimages=2\nslices=2\nunit=furlong\n", "unit=furlong is not a length unit")]
    [InlineData("ImageJ=1.54f\nimages=2\nslices=2\nspacing=-1\nunit=um\n", "spacing=-1 is not a positive number")]
    [InlineData("ImageJ=1.54f\nimages=2\nchannels=zero\n", "channels=zero is not a positive count")]
    public void Inconsistent_imagej_description(string description, string expected)
    {
        var error = Fails("hyper.tif", new RawTiffFile { Description = description }.Build());
        Assert.Contains($"hyper.tif: ImageDescription (ImageJ): {expected}", error.Message);
    }

    [Fact]
    public void Imagej_units_that_nifti_names_are_kept_and_nanometres_and_centimetres_become_micrometres()
    {
        foreach (var (unit, spacing, expected) in new[]
        {
            ("micron", 3.5, SpatialUnit.Micron), ("um", 3.5, SpatialUnit.Micron), ("\u00b5m", 3.5, SpatialUnit.Micron), ("\\u00B5m", 3.5, SpatialUnit.Micron),
            ("nm", 3.5e-3, SpatialUnit.Micron), ("cm", 3.5e4, SpatialUnit.Micron), ("mm", 3.5, SpatialUnit.Millimeter), ("m", 3.5, SpatialUnit.Meter),
            ("pixel", 1, SpatialUnit.Unknown),
        })
        {
            var raw = new RawTiffFile { Description = $"ImageJ=1.54f\nimages=2\nslices=2\nspacing=3.5\nunit={unit}\n" };
            var volume = Read("units.tif", raw.Build());
            Assert.Equal(spacing, volume.Spacing.Z, 1e-12);
            Assert.Equal(expected, volume.Unit);
        }
    }

    [Fact]
    public void Channels_of_a_hyperstack_are_taken_channel_fastest()
    {
        // 4 pages = 2 channels × 2 slices; page p holds value p everywhere: czt order puts page 1 in channel 1, z 0.
        var raw = new RawTiffFile { Pages = 4, Description = "ImageJ=1.54f\nimages=4\nchannels=2\nslices=2\nhyperstack=true\n", PixelBytes = page => Enumerable.Repeat((byte)page, 6).ToArray() };
        var volume = Read("czt.tif", raw.Build());
        Assert.Equal(2, volume.Channels);
        Assert.Equal(0, volume.Data[volume.Index(0, 0, 0, 0)]);
        Assert.Equal(1, volume.Data[volume.Index(1, 0, 0, 0)]);
        Assert.Equal(2, volume.Data[volume.Index(0, 1, 0, 0)]);
        Assert.Equal(3, volume.Data[volume.Index(1, 1, 1, 2)]);
    }

    [Fact]
    public void Nan_voxel_is_refused_naming_the_first_one()
    {
        var raw = new RawTiffFile
        {
            BitsPerSample = 32,
            SampleFormat = 3,
            PixelBytes = page =>
            {
                var floats = new float[6];
                if (page == 1) (floats[4], floats[5]) = (float.NaN, float.PositiveInfinity);
                var bytes = new byte[24];
                for (var i = 0; i < 6; i++) BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(4 * i), floats[i]);
                return bytes;
            },
        };
        var error = Fails("nan.tif", raw.Build());
        Assert.Equal("nan.tif: voxel (x=1, y=1, z=1, channel 0) (value index 10) is NaN; NaN and infinite values are refused (2 in all).", error.Message);
    }

    [Fact]
    public void Corrupted_fixtures_fail_only_with_the_format_exception()
    {
        // Every fixture, cut short and with bytes overwritten at many places: the reader may succeed or refuse, but
        // never with an exception of another type (IndexOutOfRange, NullReference, ...).
        foreach (var path in Directory.GetFiles(Fixtures, "*.tif"))
        {
            var original = File.ReadAllBytes(path);
            for (var position = 0; position < original.Length; position += 13)
            {
                var cut = original[..position];
                TryRead(cut, path, $"cut at {position}");
                var corrupt = (byte[])original.Clone();
                corrupt[position] ^= 0xA5;
                if (position + 1 < corrupt.Length) corrupt[position + 1] ^= 0xFF;
                TryRead(corrupt, path, $"bytes {position}-{position + 1} flipped");
            }
        }
    }

    private static void TryRead(byte[] bytes, string path, string change)
    {
        try
        {
            TiffStackReader.Read(new MemoryStream(bytes), Path.GetFileName(path), new VolumeLimits { MaxValues = 1 << 20 });
        }
        catch (VolumeFormatException)
        {
        }
        catch (Exception e)
        {
            Assert.Fail($"{Path.GetFileName(path)}, {change}: {e.GetType().Name}: {e.Message}");
        }
    }

    private static VolumeFile Read(string name, byte[] bytes) => TiffStackReader.Read(new MemoryStream(bytes), name);

    private static VolumeFormatException Fails(string name, byte[] bytes) =>
        Assert.Throws<VolumeFormatException>(() => TiffStackReader.Read(new MemoryStream(bytes), name));
}
