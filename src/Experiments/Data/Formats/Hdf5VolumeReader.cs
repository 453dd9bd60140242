using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;
using PureHDF;
using PureHDF.VOL.Native;

namespace UNet3D.Lab.Experiments.Data.Formats;

/// <summary>
/// Reads HDF5 files in pytorch-3dunet's layout with PureHDF: dataset <c>raw</c>, (Z, Y, X) or (C, Z, Y, X); optional
/// dataset <c>label</c> of the same (Z, Y, X) (one channel, or several as (C, Z, Y, X)). Spacing comes from raw's
/// <c>element_size_um</c> attribute, in (z, y, x) order as ilastik and pytorch-3dunet write it, in µm; without it 1,
/// unit unknown. Element types: unsigned and signed 8 to 64 bit integers, float32, float64, either byte order;
/// compression as PureHDF decodes it (deflate, shuffle, fletcher32; not lzf, blosc, ...). Sizes are checked before any
/// voxel memory is allocated, and every failure is a <see cref="VolumeFormatException"/> naming the file and the
/// dataset.
/// </summary>
public static class Hdf5VolumeReader
{
    public const string RawDataset = "raw";
    public const string LabelDataset = "label";
    public const string SpacingAttribute = "element_size_um";

    private const string SupportedTypes = "uint8, int8, uint16, int16, uint32, int32, uint64, int64, float32, float64";
    private static readonly byte[] Signature = [0x89, (byte)'H', (byte)'D', (byte)'F', (byte)'\r', (byte)'\n', 0x1a, (byte)'\n'];

    /// <param name="includeLabel">False to skip the label dataset even where there is one.</param>
    public static Hdf5Volume Read(string path, VolumeLimits? limits = null, bool includeLabel = true)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        return Read(file, Path.GetFileName(path), limits, includeLabel);
    }

    /// <summary>
    /// Reads from <paramref name="stream"/>, which must hold the file from its start (it is left open; one that cannot
    /// seek is buffered in memory first). <paramref name="nameForErrors"/> starts every error message.
    /// </summary>
    public static Hdf5Volume Read(Stream stream, string nameForErrors, VolumeLimits? limits = null, bool includeLabel = true)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentException.ThrowIfNullOrWhiteSpace(nameForErrors);
        var name = nameForErrors;
        limits ??= VolumeLimits.Default;
        if (!stream.CanSeek || stream.Position != 0)
        {
            var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            buffer.Position = 0;
            stream = buffer;
        }
        CheckSignature(stream, name);

        using var file = Guard(name, "opening the file", () => H5File.Open(stream, leaveOpen: true));
        var raw = ReadDataset(file, RawDataset, name, limits, spacing: null);
        VolumeFile? label = null;
        if (includeLabel && Guard(name, $"looking up dataset '{LabelDataset}'", () => file.LinkExists(LabelDataset)))
        {
            label = ReadDataset(file, LabelDataset, name, limits, (raw.Spacing, raw.Unit));
            if (label.Shape != raw.Shape)
                throw new VolumeFormatException($"{name}: dataset '{LabelDataset}' is {label.Shape} (x×y×z) but '{RawDataset}' is {raw.Shape}: they must cover the same voxels.");
        }
        return new Hdf5Volume(raw, label);
    }

    /// <summary>
    /// Only the label dataset; null when the file has none. Its spacing is raw's element_size_um (raw itself is not
    /// read).
    /// </summary>
    public static VolumeFile? ReadLabel(string path, VolumeLimits? limits = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        return ReadLabel(stream, Path.GetFileName(path), limits);
    }

    /// <summary>
    /// The label dataset of the file in <paramref name="stream"/> (seekable, the file from position 0; left open), as
    /// <see cref="ReadLabel(string, VolumeLimits?)"/>. <paramref name="nameForErrors"/> starts every error message.
    /// </summary>
    public static VolumeFile? ReadLabel(Stream stream, string nameForErrors, VolumeLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentException.ThrowIfNullOrWhiteSpace(nameForErrors);
        var name = nameForErrors;
        CheckSignature(stream, name);
        using var file = Guard(name, "opening the file", () => H5File.Open(stream, leaveOpen: true));
        if (!Guard(name, $"looking up dataset '{LabelDataset}'", () => file.LinkExists(LabelDataset))) return null;
        var spacing = Guard(name, $"looking up dataset '{RawDataset}'", () => file.LinkExists(RawDataset))
            ? ReadSpacing(Dataset(file, RawDataset, name), name)
            : ((1, 1, 1), SpatialUnit.Unknown);
        return ReadDataset(file, LabelDataset, name, limits ?? VolumeLimits.Default, spacing);
    }

    private static void CheckSignature(Stream stream, string name)
    {
        // The superblock sits at 0, or after a user block at 512, 1024, 2048, ... bytes.
        Span<byte> bytes = stackalloc byte[Signature.Length];
        var length = stream.Length;
        for (long offset = 0; offset + Signature.Length <= length; offset = offset == 0 ? 512 : offset * 2)
        {
            stream.Position = offset;
            stream.ReadExactly(bytes);
            if (bytes.SequenceEqual(Signature))
            {
                CheckEndOfFile(stream, offset, name);
                stream.Position = 0;
                return;
            }
        }
        stream.Position = 0;
        if (length < Signature.Length)
            throw new VolumeFormatException($"{name}: truncated: {length} bytes, less than the 8-byte HDF5 signature.");
        throw new VolumeFormatException($"{name}: not an HDF5 file: no HDF5 signature (89 48 44 46 0D 0A 1A 0A, \"\\x89HDF\\r\\n\\x1a\\n\") at byte 0, 512, 1024, ...");
    }

    /// <summary>
    /// The superblock records where the file ends; a shorter file was cut off (h5py refuses it the same way). PureHDF
    /// reads on as long as what it needs happens to be there.
    /// </summary>
    private static void CheckEndOfFile(Stream stream, long superblock, string name)
    {
        var header = new byte[64];
        stream.Position = superblock;
        var read = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        var version = read > 8 ? header[8] : -1;
        // Superblock versions 0 and 1: sizes of offsets at byte 13; base, free-space, end-of-file addresses from byte
        // 24 (28 in version 1). Versions 2 and 3: sizes at byte 9; base, extension, end-of-file addresses from 12.
        var (offsetSize, addresses) = version switch
        {
            0 => (read > 13 ? header[13] : 0, 24),
            1 => (read > 13 ? header[13] : 0, 28),
            2 or 3 => (header[9], 12),
            _ => (0, 0),
        };
        if (offsetSize is not (4 or 8) || read < addresses + 3 * offsetSize) return; // Left to PureHDF to judge.
        ulong Address(int index) => offsetSize == 8
            ? BinaryPrimitives.ReadUInt64LittleEndian(header.AsSpan(addresses + index * offsetSize))
            : BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(addresses + index * offsetSize));
        var end = (double)Address(0) + Address(2);
        if (end > stream.Length)
            throw new VolumeFormatException(FormattableString.Invariant($"{name}: truncated: the superblock's end-of-file address is byte {end}, but the file has {stream.Length} bytes."));
    }

    private static IH5Dataset Dataset(NativeFile file, string dataset, string name)
    {
        if (!Guard(name, $"looking up dataset '{dataset}'", () => file.LinkExists(dataset)))
        {
            var present = Guard(name, "listing the root group", () => file.Children().Select(child => child.Name).ToArray());
            throw new VolumeFormatException($"{name}: no dataset '{dataset}' (pytorch-3dunet's layout: '{RawDataset}' as (Z,Y,X) or (C,Z,Y,X), optional '{LabelDataset}'); the root group has: {(present.Length == 0 ? "nothing" : string.Join(", ", present))}.");
        }
        return Guard(name, $"opening dataset '{dataset}'", () => file.Get(dataset)) as IH5Dataset
            ?? throw new VolumeFormatException($"{name}: '{dataset}' is a group, not a dataset.");
    }

    private static VolumeFile ReadDataset(NativeFile file, string dataset, string name, VolumeLimits limits,
        ((double X, double Y, double Z) Spacing, SpatialUnit Unit)? spacing)
    {
        var source = Dataset(file, dataset, name);
        var what = $"dataset '{dataset}'";
        var dimensions = Guard(name, what, () => source.Space.Dimensions);
        var sizes = string.Join("×", dimensions);
        if (dimensions.Length is not (3 or 4))
            throw new VolumeFormatException($"{name}: {what} has rank {dimensions.Length} ({sizes}); expected (Z,Y,X) or (C,Z,Y,X).");
        for (var axis = 0; axis < dimensions.Length; axis++)
        {
            if (dimensions[axis] is 0 or > int.MaxValue)
                throw new VolumeFormatException($"{name}: {what}: dimension {axis} = {dimensions[axis]} is not a usable size ({sizes}).");
        }
        // Before reading: a chunked dataset that is mostly fill value can claim far more voxels than the file holds.
        limits.Check(dimensions.Aggregate(1.0, (product, size) => product * size), name, $"{what} ({sizes})");

        var type = Guard(name, what, () => source.Type);
        var typeName = ElementTypeName(type)
            ?? throw new VolumeFormatException($"{name}: {what}: element type {type.Class} of {type.Size} bytes is not supported; supported: {SupportedTypes}.");
        var reading = $"reading {what} ({typeName}, {sizes})";
        var count = (long)dimensions.Aggregate(1.0, (product, size) => product * size);
        var data = typeName switch
        {
            "uint8" => Guard(name, reading, () => ToFloats(ReadValues<byte>(source, count))),
            "int8" => Guard(name, reading, () => ToFloats(ReadValues<sbyte>(source, count))),
            "uint16" => Guard(name, reading, () => ToFloats(ReadValues<ushort>(source, count))),
            "int16" => Guard(name, reading, () => ToFloats(ReadValues<short>(source, count))),
            "uint32" => Guard(name, reading, () => ToFloats(ReadValues<uint>(source, count))),
            "int32" => Guard(name, reading, () => ToFloats(ReadValues<int>(source, count))),
            "uint64" => Guard(name, reading, () => ToFloats(ReadValues<ulong>(source, count))),
            "int64" => Guard(name, reading, () => ToFloats(ReadValues<long>(source, count))),
            "float32" => Guard(name, reading, () => ReadValues<float>(source, count)),
            _ => Guard(name, reading, () => ToFloats(ReadValues<double>(source, count))),
        };
        var channels = dimensions.Length == 4 ? (int)dimensions[0] : 1;
        var (z, y, x) = ((int)dimensions[^3], (int)dimensions[^2], (int)dimensions[^1]);
        var shape = new VolumeShape(z, y, x);
        if (data.LongLength != shape.VoxelCount * channels)
            throw new VolumeFormatException($"{name}: {reading}: got {data.LongLength} values, expected {shape.VoxelCount * channels}.");
        var (size, unit) = spacing ?? ReadSpacing(source, name);
        return new VolumeFile(shape, channels, data, size, unit, typeName, VolumeFormat.Hdf5)
            .RequireFinite(name, $"{what}: voxel");
    }

    /// <summary>element_size_um (z, y, x) of <paramref name="dataset"/> as (x, y, z) in µm; 1 each, unit unknown, when absent.</summary>
    private static ((double X, double Y, double Z) Spacing, SpatialUnit Unit) ReadSpacing(IH5Dataset dataset, string name)
    {
        var what = $"attribute {SpacingAttribute} of dataset '{dataset.Name}'";
        if (!Guard(name, what, () => dataset.AttributeExists(SpacingAttribute))) return ((1, 1, 1), SpatialUnit.Unknown);
        var attribute = Guard(name, what, () => dataset.Attribute(SpacingAttribute));
        var type = Guard(name, what, () => attribute.Type);
        double[] values = (ElementTypeName(type) ?? "") switch
        {
            "float64" => Guard(name, what, () => attribute.Read<double[]>()),
            "float32" => Guard(name, what, () => attribute.Read<float[]>()).Select(value => (double)value).ToArray(),
            "int32" => Guard(name, what, () => attribute.Read<int[]>()).Select(value => (double)value).ToArray(),
            "int64" => Guard(name, what, () => attribute.Read<long[]>()).Select(value => (double)value).ToArray(),
            "uint32" => Guard(name, what, () => attribute.Read<uint[]>()).Select(value => (double)value).ToArray(),
            "uint64" => Guard(name, what, () => attribute.Read<ulong[]>()).Select(value => (double)value).ToArray(),
            _ => throw new VolumeFormatException($"{name}: {what}: element type {type.Class} of {type.Size} bytes is not a number type this reader takes (float32, float64, int32, int64, uint32, uint64)."),
        };
        if (values.Length != 3)
            throw new VolumeFormatException($"{name}: {what} has {values.Length} value(s); expected 3 (z, y, x) in µm.");
        if (values.Any(value => !double.IsFinite(value) || value <= 0))
            throw new VolumeFormatException(FormattableString.Invariant($"{name}: {what} = [{string.Join(", ", values)}]: every voxel size (z, y, x) must be positive and finite."));
        return ((values[2], values[1], values[0]), SpatialUnit.Micron);
    }

    private static string? ElementTypeName(IH5DataType type) => (type.Class, type.Size) switch
    {
        (H5DataTypeClass.FixedPoint, 1 or 2 or 4 or 8) =>
            (type.FixedPoint.IsSigned ? "int" : "uint") + (8 * type.Size).ToString(System.Globalization.CultureInfo.InvariantCulture),
        (H5DataTypeClass.FloatingPoint, 4) => "float32",
        (H5DataTypeClass.FloatingPoint, 8) => "float64",
        _ => null,
    };

    /// <summary>
    /// The dataset's values. PureHDF 2.2 refuses typed reads of data not in the machine's byte order (h5py's '&gt;i2',
    /// files from big-endian writers); it does hand over the raw bytes, which are then swapped here.
    /// </summary>
    private static T[] ReadValues<T>(IH5Dataset dataset, long count)
        where T : unmanaged
    {
        try
        {
            return dataset.Read<T[]>();
        }
        catch (Exception e) when (e.Message.Contains("Byte order conversion", StringComparison.Ordinal))
        {
            var size = Marshal.SizeOf<T>();
            var bytes = new byte[count * size];
            dataset.Read(bytes);
            NiftiDataTypes.ReverseByteOrder(bytes, size);
            return MemoryMarshal.Cast<byte, T>(bytes).ToArray();
        }
    }

    private static float[] ToFloats<T>(T[] values)
        where T : unmanaged, INumberBase<T>
    {
        var floats = new float[values.Length];
        // Through double: exact up to 32-bit types, so each of those is rounded to float once.
        for (var i = 0; i < values.Length; i++) floats[i] = (float)double.CreateTruncating(values[i]);
        return floats;
    }

    /// <summary>
    /// Runs a PureHDF call. PureHDF reports corrupt or unsupported input with plain <see cref="Exception"/>s (and
    /// sometimes index or cast errors); callers get one kind, naming the file and what was being read.
    /// </summary>
    private static T Guard<T>(string name, string what, Func<T> call)
    {
        try
        {
            return call();
        }
        catch (Exception e) when (e is not VolumeFormatException and not OutOfMemoryException)
        {
            throw new VolumeFormatException($"{name}: {what}: {e.Message}", e);
        }
    }
}
