using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;
using BitMiracle.LibTiff.Classic;

namespace UNet3D.Lab.Experiments.Data.Formats;

/// <summary>
/// Reads multi-page TIFF stacks as Fiji/ImageJ and tifffile write them, with LibTiff.NET decoding the pages:
/// <list type="bullet">
/// <item>ImageJ hyperstacks (ImageDescription "ImageJ=...\nchannels=C\nslices=Z\n..."), pages in ImageJ's czt order
/// (channel fastest), z spacing from spacing= and the length unit from unit=;</item>
/// <item>plain multi-page stacks: one page per z slice, one channel;</item>
/// <item>pages with several samples per pixel (RGB, interleaved or planar): each sample is a channel.</item>
/// </list>
/// x/y spacing is 1/XResolution (pixels per unit), in the ImageJ unit, else in ResolutionUnit (inch, cm); µm, mm and
/// m are kept, nm, cm and inch become µm; a stack without calibration gets spacing 1 with unit unknown. Samples: 8,
/// 16, 32 bit integers (signed or not), 32 and 64 bit floats; any compression LibTiff decodes. Every page must have
/// the first page's size and sample layout.
/// </summary>
public static class TiffStackReader
{
    private static readonly string SupportedTypes = "uint8, int8, uint16, int16, uint32, int32, float32, float64";

    public static VolumeFile Read(string path, VolumeLimits? limits = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        return Read(file, Path.GetFileName(path), limits);
    }

    /// <summary>
    /// Reads a stack from <paramref name="stream"/>'s current position (the stream is left open; one that cannot seek
    /// is buffered in memory first). <paramref name="nameForErrors"/> starts every error message.
    /// </summary>
    public static VolumeFile Read(Stream stream, string nameForErrors, VolumeLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentException.ThrowIfNullOrWhiteSpace(nameForErrors);
        var name = nameForErrors;
        // LibTiff seeks to absolute offsets: it needs the TIFF to start at position 0 of a seekable stream.
        if (!stream.CanSeek || stream.Position != 0)
        {
            var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            buffer.Position = 0;
            stream = buffer;
        }
        CheckSignature(stream, name);

        using var messages = TiffLibrary.CollectMessages();
        try
        {
            using var tiff = Tiff.ClientOpen(name, "r", stream, TiffLibrary.CallerOwnedStream)
                ?? throw new VolumeFormatException($"{name}: not a readable TIFF ({messages.Errors("LibTiff gave no reason")}).");
            return ReadStack(tiff, stream.Length, name, limits ?? VolumeLimits.Default, messages)
                .RequireFinite(name);
        }
        catch (Exception e) when (e is not VolumeFormatException and not OutOfMemoryException)
        {
            // LibTiff fails on corrupt input with its own exception types; callers see one kind, naming the file.
            throw new VolumeFormatException($"{name}: unreadable TIFF ({messages.Errors(e.Message)}).", e);
        }
    }

    private static void CheckSignature(Stream stream, string name)
    {
        Span<byte> start = stackalloc byte[8];
        var read = stream.ReadAtLeast(start, start.Length, throwOnEndOfStream: false);
        stream.Position = 0;
        if (read < start.Length)
            throw new VolumeFormatException($"{name}: truncated: {read} bytes, a TIFF header has 8.");
        var classic = (start[0], start[1], start[2], start[3]) is (0x49, 0x49, 42, 0) or (0x4d, 0x4d, 0, 42);
        var big = (start[0], start[1], start[2], start[3]) is (0x49, 0x49, 43, 0) or (0x4d, 0x4d, 0, 43);
        if (!classic && !big)
            throw new VolumeFormatException($"{name}: not a TIFF file: it starts with {Convert.ToHexString(start[..4])}, a TIFF with 49492A00 (\"II*\\0\") or 4D4D002A (\"MM\\0*\").");
    }

    private static VolumeFile ReadStack(Tiff tiff, long fileLength, string name, VolumeLimits limits, TiffLibrary.MessageScope messages)
    {
        var first = PageLayout.Read(tiff, 0, name);
        var pages = 1;
        while (tiff.ReadDirectory())
        {
            var page = PageLayout.Read(tiff, pages, name);
            first.RequireSame(page, pages, name);
            pages++;
        }
        if (!tiff.SetDirectory(0))
            throw new VolumeFormatException($"{name}: cannot return to page 0 ({messages.Errors("no reason given")}).");

        var description = tiff.GetField(TiffTag.IMAGEDESCRIPTION)?[0].ToString();
        var imageJ = ImageJDescription.TryParse(description, name);
        var (pageChannels, slices) = Layout(imageJ, pages, first, name);
        var channels = pageChannels * first.SamplesPerPixel;
        limits.Check((double)first.Width * first.Height * pages * first.SamplesPerPixel, name,
            $"ImageWidth × ImageLength × pages × SamplesPerPixel = {first.Width} × {first.Height} × {pages} × {first.SamplesPerPixel}");

        var shape = new VolumeShape(slices, first.Height, first.Width);
        var data = new float[shape.VoxelCount * channels];
        var planes = first.Planar == PlanarConfig.SEPARATE ? first.SamplesPerPixel : 1;
        var samplesInRow = planes == 1 ? first.SamplesPerPixel : 1;
        var row = new byte[tiff.ScanlineSize()];
        var needed = (long)first.Width * samplesInRow * first.BytesPerSample;
        if (row.Length < needed)
            throw new VolumeFormatException($"{name}: page 0: a row is {row.Length} bytes, {first.Width} × {samplesInRow} samples of {first.SampleType} need {needed}.");
        var voxels = shape.VoxelCount;
        for (var page = 0; page < pages; page++)
        {
            if (page > 0 && !tiff.ReadDirectory())
                throw new VolumeFormatException($"{name}: page {page}: cannot read its directory ({messages.Errors("no reason given")}).");
            // After the size limit: LibTiff splits a large single strip into many, whose bounds only then make sense.
            PageLayout.CheckStrips(tiff, page, fileLength, name);
            // czt order: the channel varies fastest (plain stacks have one channel per page, so page = z).
            var (pageChannel, z) = (page % pageChannels, page / pageChannels);
            for (short plane = 0; plane < planes; plane++)
            for (var y = 0; y < first.Height; y++)
            {
                // Rows in order within each plane: compressed strips cannot be read out of order.
                if (!tiff.ReadScanline(row, y, plane))
                    throw new VolumeFormatException($"{name}: page {page}, row {y}{(planes > 1 ? $", sample plane {plane}" : "")}: cannot decode ({messages.Errors("truncated or corrupt strip")}).");
                for (var sample = 0; sample < samplesInRow; sample++)
                {
                    var channel = pageChannel * first.SamplesPerPixel + plane + sample;
                    var target = data.AsSpan((int)(channel * voxels + ((long)z * first.Height + y) * first.Width), first.Width);
                    first.Decode(row, samplesInRow, sample, target);
                }
            }
        }
        var (spacing, spacingUnit) = Spacing(tiff, imageJ, name);
        return new VolumeFile(shape, channels, data, spacing, spacingUnit, first.SampleType, VolumeFormat.Tiff);
    }

    /// <summary>Channels per page and z slices, from ImageJ's description or, without one, one page per slice.</summary>
    private static (int Channels, int Slices) Layout(ImageJDescription? imageJ, int pages, PageLayout first, string name)
    {
        if (imageJ is null) return (1, pages);
        if (imageJ.Frames > 1)
            throw new VolumeFormatException($"{name}: ImageDescription (ImageJ): frames={imageJ.Frames}: time series are not supported; save one time point per file (Image > Duplicate in Fiji).");
        if (imageJ.Channels > 1 && first.SamplesPerPixel > 1)
            throw new VolumeFormatException($"{name}: ImageDescription (ImageJ): channels={imageJ.Channels} with SamplesPerPixel = {first.SamplesPerPixel}: a hyperstack of RGB pages is not supported.");
        if (imageJ.Images != (long)imageJ.Channels * imageJ.Slices)
            throw new VolumeFormatException($"{name}: ImageDescription (ImageJ): images={imageJ.Images} is not channels × slices = {imageJ.Channels} × {imageJ.Slices}.");
        if (imageJ.Images != pages)
            throw new VolumeFormatException($"{name}: ImageDescription (ImageJ): images={imageJ.Images} but the file has {pages} page(s) (ImageJ writes only the first page's directory for stacks over 4 GiB; those are not supported).");
        return (imageJ.Channels, imageJ.Slices);
    }

    private static ((double X, double Y, double Z) Spacing, SpatialUnit Unit) Spacing(Tiff tiff, ImageJDescription? imageJ, string name)
    {
        (SpatialUnit Unit, double Factor)? calibration;
        if (imageJ is not null)
        {
            calibration = imageJ.Calibration();
        }
        else
        {
            var unit = (ResUnit)tiff.GetFieldDefaulted(TiffTag.RESOLUTIONUNIT)[0].ToInt();
            // Inches and centimetres have no NIfTI code: they become µm.
            calibration = unit switch
            {
                ResUnit.INCH => (SpatialUnit.Micron, 25_400),
                ResUnit.CENTIMETER => (SpatialUnit.Micron, 10_000),
                _ => null,
            };
        }
        // Uncalibrated: one voxel is one unit of nothing; 1 keeps the grid isotropic.
        if (calibration is not { } known) return ((1, 1, 1), SpatialUnit.Unknown);
        var x = PixelSize(tiff, TiffTag.XRESOLUTION, "XResolution", name);
        var y = PixelSize(tiff, TiffTag.YRESOLUTION, "YResolution", name);
        // ImageJ's default slice spacing is one unit; a plain TIFF has none at all.
        var z = imageJ is null ? 1 : (imageJ.Spacing ?? 1) * known.Factor;
        return ((x * known.Factor, y * known.Factor, z), known.Unit);
    }

    /// <summary>
    /// Units per pixel: 1 / (pixels per unit); 1 when the tag is absent. LibTiff hands rationals over as floats, so
    /// the result keeps the 7 significant digits a float carries: 1.76 µm written comes back as 1.76, not 1.7600000168.
    /// </summary>
    private static double PixelSize(Tiff tiff, TiffTag tag, string tagName, string name)
    {
        var field = tiff.GetField(tag);
        if (field is null) return 1;
        var resolution = field[0].ToDouble();
        if (!double.IsFinite(resolution) || resolution <= 0 || !double.IsFinite(1 / resolution))
            throw new VolumeFormatException(FormattableString.Invariant($"{name}: {tagName} = {resolution} is not a positive number of pixels per unit."));
        return double.Parse((1 / resolution).ToString("G7", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    /// <summary>What the reader needs from one page's directory, checked.</summary>
    private readonly record struct PageLayout(int Width, int Height, int Bits, SampleFormat Format, int SamplesPerPixel,
        PlanarConfig Planar, Compression Compression, string SampleType)
    {
        public int BytesPerSample => Bits / 8;

        public static PageLayout Read(Tiff tiff, int page, string name)
        {
            if (tiff.IsTiled())
                throw new VolumeFormatException($"{name}: page {page}: tiled (TileWidth = {tiff.GetField(TiffTag.TILEWIDTH)?[0].ToInt()}); only strip-organised pages, as Fiji writes them, are supported.");
            var width = Size(tiff, TiffTag.IMAGEWIDTH, "ImageWidth", page, name);
            var height = Size(tiff, TiffTag.IMAGELENGTH, "ImageLength", page, name);
            var bits = tiff.GetFieldDefaulted(TiffTag.BITSPERSAMPLE)[0].ToInt();
            var format = (SampleFormat)tiff.GetFieldDefaulted(TiffTag.SAMPLEFORMAT)[0].ToInt();
            var samples = tiff.GetFieldDefaulted(TiffTag.SAMPLESPERPIXEL)[0].ToInt();
            var planar = (PlanarConfig)tiff.GetFieldDefaulted(TiffTag.PLANARCONFIG)[0].ToInt();
            var compression = (Compression)tiff.GetFieldDefaulted(TiffTag.COMPRESSION)[0].ToInt();
            if (samples < 1)
                throw new VolumeFormatException($"{name}: page {page}: SamplesPerPixel = {samples} is not a positive count.");
            var type = SampleTypeName(bits, format)
                ?? throw new VolumeFormatException($"{name}: page {page}: BitsPerSample = {bits} with SampleFormat = {Describe(format)} is not supported; supported: {SupportedTypes}.");
            if (!tiff.IsCodecConfigured(compression))
                throw new VolumeFormatException($"{name}: page {page}: Compression = {(int)compression} ({Describe(compression)}) is not supported; supported: {SupportedCompressions(tiff)}.");
            return new PageLayout(width, height, bits, format, samples, planar, compression, type);
        }

        public void RequireSame(PageLayout page, int index, string name)
        {
            void Same<T>(string tag, T expected, T actual)
            {
                if (!EqualityComparer<T>.Default.Equals(expected, actual))
                    throw new VolumeFormatException($"{name}: page {index}: {tag} = {actual} differs from page 0's {expected}; a stack's pages must agree.");
            }
            Same("ImageWidth", Width, page.Width);
            Same("ImageLength", Height, page.Height);
            Same("BitsPerSample/SampleFormat", SampleType, page.SampleType);
            Same("SamplesPerPixel", SamplesPerPixel, page.SamplesPerPixel);
            Same("PlanarConfiguration", Planar, page.Planar);
        }

        /// <summary>Sample <paramref name="sample"/> of each of the row's pixels, as floats (LibTiff has fixed the byte order).</summary>
        public void Decode(byte[] row, int samplesInRow, int sample, Span<float> target)
        {
            var bytes = row.AsSpan(0, target.Length * samplesInRow * BytesPerSample);
            switch (SampleType)
            {
                case "uint8": Decode<byte>(bytes, samplesInRow, sample, target); break;
                case "int8": Decode<sbyte>(bytes, samplesInRow, sample, target); break;
                case "uint16": Decode<ushort>(bytes, samplesInRow, sample, target); break;
                case "int16": Decode<short>(bytes, samplesInRow, sample, target); break;
                case "uint32": Decode<uint>(bytes, samplesInRow, sample, target); break;
                case "int32": Decode<int>(bytes, samplesInRow, sample, target); break;
                case "float32": Decode<float>(bytes, samplesInRow, sample, target); break;
                case "float64": Decode<double>(bytes, samplesInRow, sample, target); break;
            }
        }

        private static void Decode<T>(ReadOnlySpan<byte> bytes, int samplesInRow, int sample, Span<float> target)
            where T : unmanaged, INumberBase<T>
        {
            var values = MemoryMarshal.Cast<byte, T>(bytes);
            // Through double: exact for every source type, so each value is rounded to float once.
            for (var x = 0; x < target.Length; x++) target[x] = (float)double.CreateTruncating(values[x * samplesInRow + sample]);
        }

        private static string? SampleTypeName(int bits, SampleFormat format) => (bits, format) switch
        {
            (8, SampleFormat.UINT) => "uint8",
            (8, SampleFormat.INT) => "int8",
            (16, SampleFormat.UINT) => "uint16",
            (16, SampleFormat.INT) => "int16",
            (32, SampleFormat.UINT) => "uint32",
            (32, SampleFormat.INT) => "int32",
            (32, SampleFormat.IEEEFP) => "float32",
            (64, SampleFormat.IEEEFP) => "float64",
            _ => null,
        };

        private static int Size(Tiff tiff, TiffTag tag, string tagName, int page, string name)
        {
            var field = tiff.GetField(tag) ?? throw new VolumeFormatException($"{name}: page {page}: no {tagName} tag.");
            var size = field[0].ToLong();
            if (size < 1 || size > int.MaxValue)
                throw new VolumeFormatException($"{name}: page {page}: {tagName} = {size} is not a usable size (1 to {int.MaxValue}).");
            return (int)size;
        }

        /// <summary>
        /// Every strip must lie inside the file: checked here so that a truncated file is named as such, and so that
        /// LibTiff never sizes a buffer from a byte count the file cannot hold.
        /// </summary>
        public static void CheckStrips(Tiff tiff, int page, long fileLength, string name)
        {
            var offsets = tiff.GetField(TiffTag.STRIPOFFSETS)?[0].TolongArray();
            var counts = tiff.GetField(TiffTag.STRIPBYTECOUNTS)?[0].TolongArray();
            if (offsets is null)
                throw new VolumeFormatException($"{name}: page {page}: no StripOffsets tag: the page has no pixel data.");
            if (counts is null) return;
            for (var strip = 0; strip < Math.Min(offsets.Length, counts.Length); strip++)
            {
                if (offsets[strip] < 0 || counts[strip] < 0 || offsets[strip] + counts[strip] > fileLength)
                    throw new VolumeFormatException($"{name}: page {page}: strip {strip} (StripOffsets = {offsets[strip]}, StripByteCounts = {counts[strip]}) runs past the end of the file ({fileLength} bytes): truncated.");
            }
        }

        private static string Describe(SampleFormat format) => format switch
        {
            SampleFormat.UINT => "1 (unsigned integer)",
            SampleFormat.INT => "2 (signed integer)",
            SampleFormat.IEEEFP => "3 (floating point)",
            SampleFormat.VOID => "4 (undefined)",
            SampleFormat.COMPLEXINT => "5 (complex integer)",
            SampleFormat.COMPLEXIEEEFP => "6 (complex floating point)",
            _ => $"{(int)format} (unknown)",
        };

        private static string Describe(Compression compression) =>
            Enum.IsDefined(compression) ? compression.ToString() : "unknown to LibTiff";

        private static string SupportedCompressions(Tiff tiff) =>
            string.Join(", ", Enum.GetValues<Compression>().Where(tiff.IsCodecConfigured).Distinct().Select(c => c.ToString()));
    }
}
