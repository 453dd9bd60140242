using System.Buffers.Binary;
using System.IO.Compression;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Text;
using static UNet3D.Lab.Experiments.Data.Formats.NiftiHeaderLayout;

namespace UNet3D.Lab.Experiments.Data.Formats;

/// <summary>
/// Reads single-file NIfTI-1 images (.nii, .nii.gz) of the types in <see cref="NiftiDataType"/>, either byte order.
/// Every header field is checked before any voxel memory is allocated, and errors name the file and the field.
/// bitpix is not checked: datatype alone decides the voxel size, as in nifti1_io.
/// </summary>
public static class NiftiReader
{
    // Deflate cannot do better than 1032:1, so n compressed bytes never hold more than ~1032·n bytes of voxels.
    private const long MaxDeflateRatio = 1032;
    private const long DeflateSlack = 1 << 20;
    private const int ChunkBytes = 1 << 20;

    private static readonly string SupportedTypes = string.Join(", ", Enum.GetValues<NiftiDataType>().Select(t => $"{t.Name()} ({(int)t})"));

    /// <summary>Reads a .nii or .nii.gz; gzip is recognised by its magic bytes, whatever the file is called.</summary>
    public static NiftiImage Read(string path)
    {
        var name = NameOf(path);
        using var file = OpenFile(path);
        return Read(file, name, StartsWithGzipMagic(file));
    }

    /// <summary>
    /// Reads an image from <paramref name="stream"/>'s current position (the stream is left open).
    /// <paramref name="nameForErrors"/> starts every error message.
    /// </summary>
    public static NiftiImage Read(Stream stream, string nameForErrors, bool gzip)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentException.ThrowIfNullOrWhiteSpace(nameForErrors);
        return WithSource(stream, nameForErrors, gzip, source =>
        {
            var header = ReadHeader(source, nameForErrors, stream.CanSeek ? stream.Length - stream.Position : null, gzip);
            Skip(source, header.VoxelOffset - HeaderSize, header, nameForErrors);
            // The header check bounds ValueCount by Array.MaxLength, so the cast is safe.
            var data = new float[(int)header.ValueCount];
            ReadVoxels(source, header, data, nameForErrors);
            return new NiftiImage(header.X, header.Y, header.Z, header.Channels, data, header.Spacing, header.Unit, header.Affine,
                header.DataType, header.Description, header.Template);
        });
    }

    /// <summary>Shape, type, spacing and affine of a .nii or .nii.gz, without reading the voxels.</summary>
    public static NiftiHeaderInfo ReadHeader(string path)
    {
        var name = NameOf(path);
        using var file = OpenFile(path);
        var gzip = StartsWithGzipMagic(file);
        return WithSource(file, name, gzip, source => ReadHeader(source, name, file.Length, gzip));
    }

    /// <summary>
    /// Shape, type, spacing and affine of the image at <paramref name="stream"/>'s current position, without reading
    /// the voxels (the stream is left open). <paramref name="nameForErrors"/> starts every error message.
    /// </summary>
    public static NiftiHeaderInfo ReadHeader(Stream stream, string nameForErrors, bool gzip)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentException.ThrowIfNullOrWhiteSpace(nameForErrors);
        return WithSource(stream, nameForErrors, gzip,
            source => ReadHeader(source, nameForErrors, stream.CanSeek ? stream.Length - stream.Position : null, gzip));
    }

    private static string NameOf(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var name = Path.GetFileName(path);
        if (name.EndsWith(".img", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".img.gz", StringComparison.OrdinalIgnoreCase))
            throw Error($"{name}: an .img file is the voxel half of an Analyze/NIfTI .hdr/.img pair (magic \"ni1\"); only single-file NIfTI-1 (.nii, .nii.gz, magic \"n+1\") is supported.");
        return name;
    }

    private static FileStream OpenFile(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16, FileOptions.SequentialScan);

    private static bool StartsWithGzipMagic(FileStream file)
    {
        Span<byte> start = stackalloc byte[2];
        var read = file.ReadAtLeast(start, 2, throwOnEndOfStream: false);
        file.Position = 0;
        return read == 2 && start[0] == 0x1f && start[1] == 0x8b;
    }

    private static T WithSource<T>(Stream stream, string name, bool gzip, Func<Stream, T> read)
    {
        if (!gzip) return read(stream);
        using var source = new GZipStream(stream, CompressionMode.Decompress, leaveOpen: true);
        try
        {
            return read(source);
        }
        catch (InvalidDataException e)
        {
            throw new NiftiFormatException($"{name}: the gzip data is corrupt ({e.Message})", e);
        }
    }

    /// <param name="available">Bytes left in the (compressed, for gzip) stream, when known.</param>
    private static NiftiHeaderInfo ReadHeader(Stream source, string name, long? available, bool gzip)
    {
        var bytes = new byte[HeaderSize];
        var read = source.ReadAtLeast(bytes, HeaderSize, throwOnEndOfStream: false);
        if (read < 4)
            throw Error($"{name}: header truncated: {read} bytes, a NIfTI-1 header (sizeof_hdr) is {HeaderSize}.");

        var little = BinaryPrimitives.ReadInt32LittleEndian(bytes);
        var big = BinaryPrimitives.ReadInt32BigEndian(bytes);
        if (little == Nifti2HeaderSize || big == Nifti2HeaderSize)
            throw Error($"{name}: sizeof_hdr = {Nifti2HeaderSize} marks a NIfTI-2 file; only NIfTI-1 is supported (convert it, e.g. with nibabel).");
        if (little != HeaderSize && big != HeaderSize)
            throw Error($"{name}: sizeof_hdr = {little} (byte-swapped {big}) is not {HeaderSize} in either byte order: not a NIfTI-1 file.");
        if (read < HeaderSize)
            throw Error($"{name}: header truncated: {read} of {HeaderSize} bytes (sizeof_hdr).");
        var header = new HeaderFields(bytes, BigEndian: little != HeaderSize);

        CheckMagic(bytes.AsSpan(Magic, 4), name);
        var (x, y, z, channels, dimensions) = ReadDimensions(header, name);

        var code = header.Int16(DataType);
        if (!NiftiDataTypes.IsSupported(code))
            throw Error($"{name}: datatype = {code} ({NiftiDataTypes.Describe(code)}) is not supported; supported: {SupportedTypes}.");
        var type = (NiftiDataType)code;

        // Spacing and affine stay in the file's unit, as stored; the unit goes with them.
        var xyztUnits = bytes[XyztUnits];
        var spacing = (X: Spacing(header, 1, name), Y: Spacing(header, 2, name), Z: Spacing(header, 3, name));
        var voxelOffset = VoxelOffset(header, name);
        CheckSize(name, x, y, z, channels, dimensions, type, voxelOffset, available, gzip);
        var (isScaled, slope, intercept) = Scaling(header, name);
        var qformCode = header.Int16(QFormCode);
        var sformCode = header.Int16(SFormCode);
        var affine = sformCode > 0 ? SForm(header, name)
            : qformCode > 0 ? QForm(header, spacing, name)
            : NiftiAffine.Diagonal(spacing);
        var template = new NiftiHeaderTemplate(
            Floats(header, PixDim, 8), xyztUnits, qformCode, sformCode, Floats(header, QuaternB, 6), Floats(header, SRowX, 12));

        var description = bytes.AsSpan(Description, DescriptionLength);
        var end = description.IndexOf((byte)0);
        return new NiftiHeaderInfo
        {
            X = x,
            Y = y,
            Z = z,
            Channels = channels,
            Dimensions = dimensions,
            DataType = type,
            Spacing = spacing,
            Unit = SpatialUnits.FromNifti(xyztUnits),
            XyztUnits = xyztUnits,
            Affine = affine,
            QFormCode = qformCode,
            SFormCode = sformCode,
            IsScaled = isScaled,
            ScaleSlope = slope,
            ScaleIntercept = intercept,
            IsBigEndian = header.BigEndian,
            VoxelOffset = voxelOffset,
            Description = Encoding.Latin1.GetString(end < 0 ? description : description[..end]).TrimEnd(),
            Template = template,
        };
    }

    private static void CheckMagic(ReadOnlySpan<byte> magic, string name)
    {
        if (magic.SequenceEqual("n+1\0"u8)) return;
        if (magic.SequenceEqual("ni1\0"u8))
            throw Error($"{name}: magic = \"ni1\" marks the header of a .hdr/.img pair; only single-file NIfTI-1 (.nii, .nii.gz, magic \"n+1\") is supported.");
        var shown = string.Concat(magic.ToArray().Select(b => b is >= 0x20 and < 0x7f ? ((char)b).ToString() : $"\\x{b:x2}"));
        throw Error($"{name}: magic = \"{shown}\" is not \"n+1\": not a single-file NIfTI-1 image (Analyze 7.5 headers have no magic and are not supported).");
    }

    private static (int X, int Y, int Z, int Channels, int Dimensions) ReadDimensions(HeaderFields header, string name)
    {
        var dimensions = header.Int16(Dim);
        if (dimensions is < 1 or > 7)
            throw Error($"{name}: dim[0] = {dimensions} is outside 1..7.");
        if (dimensions < 3)
            throw Error($"{name}: dim[0] = {dimensions}: a {dimensions}D image; only 3D volumes (with channels in dim[4] or dim[5]) are supported.");
        var dim = new int[8];
        for (var i = 1; i <= 7; i++)
        {
            // Sizes beyond dim[0] are unused and may hold anything; they count as 1.
            dim[i] = i <= dimensions ? header.Int16(Dim + 2 * i) : 1;
            if (dim[i] <= 0) throw Error($"{name}: dim[{i}] = {dim[i]} is not a positive size.");
        }
        for (var i = 6; i <= 7; i++)
        {
            if (dim[i] != 1)
                throw Error($"{name}: dim[{i}] = {dim[i]}: only 3D images with channels in dim[4] (4D) or dim[5] (5D with dim[4] = 1) are supported.");
        }
        if (dim[4] > 1 && dim[5] > 1)
            throw Error($"{name}: dim[4] = {dim[4]} and dim[5] = {dim[5]}: a time series of vector images is not supported; channels go in dim[4] or in dim[5] with dim[4] = 1.");
        return (dim[1], dim[2], dim[3], dim[4] * dim[5], dimensions);
    }

    private static double Spacing(HeaderFields header, int axis, string name)
    {
        var size = header.Single(PixDim + 4 * axis);
        if (!float.IsFinite(size))
            throw Error($"{name}: pixdim[{axis}] = {size} is not a finite voxel size.");
        return size == 0 ? 1.0 : Math.Abs((double)size);
    }

    /// <summary>The float32 fields from <paramref name="offset"/> on, as stored (copied into templates, not checked here).</summary>
    private static float[] Floats(HeaderFields header, int offset, int count)
    {
        var values = new float[count];
        for (var i = 0; i < count; i++) values[i] = header.Single(offset + 4 * i);
        return values;
    }

    private static long VoxelOffset(HeaderFields header, string name)
    {
        var offset = header.Single(VoxOffset);
        if (!float.IsFinite(offset) || offset < 0)
            throw Error($"{name}: vox_offset = {offset} is not a byte offset.");
        if (offset > int.MaxValue)
            throw Error($"{name}: vox_offset = {offset} leaves more than 2 GiB for header extensions.");
        // Some writers leave 0 (or 348) in single files; the data then starts right after the extension flag.
        return Math.Max(MinimumVoxelOffset, (long)offset);
    }

    private static void CheckSize(string name, int x, int y, int z, int channels, int dimensions, NiftiDataType type,
        long voxelOffset, long? available, bool gzip)
    {
        var dims = dimensions >= 5 && channels > 1 ? $"dim[1..5] = {x} x {y} x {z} x 1 x {channels}" : $"dim[1..4] = {x} x {y} x {z} x {channels}";
        // In double first: five 16-bit sizes can overflow a long.
        var claimed = (double)x * y * z * channels;
        if (claimed > Array.MaxLength)
            throw Error($"{name}: {dims} is {claimed:0.###e+0} values; an in-memory image holds at most {Array.MaxLength}.");
        var bytes = (long)claimed * type.BytesPerVoxel();
        if (available is not { } length) return;
        if (!gzip && voxelOffset + bytes > length)
            throw Error($"{name}: voxel data truncated: {dims} of {type.Name()} (datatype) needs {bytes} bytes from vox_offset {voxelOffset}, but the file has {length} bytes.");
        if (gzip && voxelOffset + bytes > length * MaxDeflateRatio + DeflateSlack)
            throw Error($"{name}: voxel data truncated: {dims} of {type.Name()} (datatype) needs {bytes} bytes, more than {length} bytes of gzip can hold.");
    }

    private static (bool IsScaled, double Slope, double Intercept) Scaling(HeaderFields header, string name)
    {
        var slope = header.Single(SclSlope);
        var intercept = header.Single(SclInter);
        // The standard: slope 0 means no scaling; NaN or infinite slopes are treated the same way (as nibabel does).
        if (slope == 0 || !float.IsFinite(slope)) return (false, 1, 0);
        if (!float.IsFinite(intercept))
            throw Error($"{name}: scl_inter = {intercept} with scl_slope = {slope}: the scaling cannot be applied.");
        return (slope != 1 || intercept != 0, slope, intercept);
    }

    private static double[,] SForm(HeaderFields header, string name)
    {
        var affine = new double[4, 4];
        affine[3, 3] = 1;
        string[] rows = ["srow_x", "srow_y", "srow_z"];
        for (var row = 0; row < 3; row++)
        for (var column = 0; column < 4; column++)
        {
            var value = header.Single(SRowX + 16 * row + 4 * column);
            if (!float.IsFinite(value))
                throw Error($"{name}: {rows[row]}[{column}] = {value} is not finite (sform_code > 0).");
            affine[row, column] = value;
        }
        return affine;
    }

    private static double[,] QForm(HeaderFields header, (double X, double Y, double Z) spacing, string name)
    {
        string[] fields = ["quatern_b", "quatern_c", "quatern_d", "qoffset_x", "qoffset_y", "qoffset_z"];
        var values = new double[6];
        for (var i = 0; i < 6; i++)
        {
            var value = header.Single(QuaternB + 4 * i);
            if (!float.IsFinite(value))
                throw Error($"{name}: {fields[i]} = {value} is not finite (qform_code > 0).");
            values[i] = value;
        }
        var qfac = header.Single(PixDim) < 0 ? -1.0 : 1.0;
        return NiftiAffine.FromQuaternion(values[0], values[1], values[2], (values[3], values[4], values[5]), spacing, qfac);
    }

    private static void Skip(Stream source, long count, NiftiHeaderInfo header, string name)
    {
        // Header extensions (and the 4-byte extension flag): not interpreted, only passed over.
        Span<byte> discard = stackalloc byte[4096];
        var skipped = 0L;
        while (skipped < count)
        {
            var read = source.Read(discard[..(int)Math.Min(discard.Length, count - skipped)]);
            if (read == 0)
                throw Error($"{name}: voxel data truncated: the file ends at byte {HeaderSize + skipped}, before vox_offset {header.VoxelOffset}.");
            skipped += read;
        }
    }

    private static void ReadVoxels(Stream source, NiftiHeaderInfo header, float[] data, string name)
    {
        var size = header.DataType.BytesPerVoxel();
        var buffer = new byte[(int)Math.Min(ChunkBytes, header.VoxelDataBytes)];
        var perChunk = buffer.Length / size;
        var swap = header.IsBigEndian == BitConverter.IsLittleEndian;
        for (var done = 0; done < data.Length;)
        {
            var count = Math.Min(perChunk, data.Length - done);
            var bytes = buffer.AsSpan(0, count * size);
            var read = source.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
            if (read < bytes.Length)
                throw Error($"{name}: voxel data truncated: dim and datatype ({header.DataType.Name()}) claim {header.VoxelDataBytes} bytes from vox_offset {header.VoxelOffset}, but only {(long)done * size + read} follow.");
            if (swap) NiftiDataTypes.ReverseByteOrder(bytes, size);
            var target = data.AsSpan(done, count);
            switch (header.DataType)
            {
                case NiftiDataType.UInt8: Convert<byte>(bytes, target, header); break;
                case NiftiDataType.Int16: Convert<short>(bytes, target, header); break;
                case NiftiDataType.UInt16: Convert<ushort>(bytes, target, header); break;
                case NiftiDataType.Int32: Convert<int>(bytes, target, header); break;
                case NiftiDataType.Float32: Convert<float>(bytes, target, header); break;
                case NiftiDataType.Float64: Convert<double>(bytes, target, header); break;
            }
            done += count;
        }
    }

    private static void Convert<T>(ReadOnlySpan<byte> bytes, Span<float> target, NiftiHeaderInfo header)
        where T : unmanaged, INumberBase<T>
    {
        var raw = MemoryMarshal.Cast<byte, T>(bytes);
        if (!header.IsScaled)
        {
            // Through double: exact for every source type, so each value is rounded to float once.
            for (var i = 0; i < raw.Length; i++) target[i] = (float)double.CreateTruncating(raw[i]);
            return;
        }
        // In double like nibabel's get_fdata, then rounded once to float.
        double slope = header.ScaleSlope, intercept = header.ScaleIntercept;
        for (var i = 0; i < raw.Length; i++) target[i] = (float)(double.CreateTruncating(raw[i]) * slope + intercept);
    }

    // Invariant formatting: the same message (NaN, Infinity, 0.5) on every machine.
    private static NiftiFormatException Error(FormattableString message) => new(FormattableString.Invariant(message));

    /// <summary>Header fields in the file's byte order.</summary>
    private readonly record struct HeaderFields(byte[] Bytes, bool BigEndian)
    {
        public short Int16(int offset) => BigEndian
            ? BinaryPrimitives.ReadInt16BigEndian(Bytes.AsSpan(offset))
            : BinaryPrimitives.ReadInt16LittleEndian(Bytes.AsSpan(offset));

        public float Single(int offset) => BigEndian
            ? BinaryPrimitives.ReadSingleBigEndian(Bytes.AsSpan(offset))
            : BinaryPrimitives.ReadSingleLittleEndian(Bytes.AsSpan(offset));
    }
}
