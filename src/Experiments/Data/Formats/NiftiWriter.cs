using System.Buffers.Binary;
using System.IO.Compression;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Text;
using static UNet3D.Lab.Experiments.Data.Formats.NiftiHeaderLayout;

namespace UNet3D.Lab.Experiments.Data.Formats;

/// <summary>
/// Writes single-file NIfTI-1 (little-endian, vox_offset 352, no extensions), gzip-compressed when the path ends in
/// ".gz". An image read from a file, or made from one with <see cref="NiftiImage.WithVoxels"/>, gets that file's
/// geometry fields bit for bit (<see cref="NiftiHeaderTemplate"/>: pixdim, xyzt_units, qform and sform with their
/// codes); only dim, datatype, bitpix, vox_offset, scl_slope/scl_inter (1, 0), cal_min/cal_max (0, unset) and descrip
/// are this file's own. An image made in memory gets <see cref="NiftiImage.Unit"/>'s code and both transforms (code 1):
/// the sform as <see cref="NiftiImage.Affine"/>'s rows, and the qform from its rotation (identity orientation when the
/// affine is not a rotation times the spacing), so readers that only know one of them agree. Written to a temporary
/// file and renamed: a failure never leaves half a file.
/// </summary>
public static class NiftiWriter
{
    private const int ChunkValues = 1 << 18;

    /// <summary>
    /// Writes <paramref name="image"/> as <paramref name="type"/>. Integer types get values rounded to the nearest
    /// integer (ties to even); a value that is not finite or does not fit the type is an error naming the voxel
    /// (2^31, the float nearest int32's maximum, is clamped to that maximum).
    /// Label maps go in as <see cref="NiftiDataType.UInt8"/>.
    /// </summary>
    public static void Write(string path, NiftiImage image, NiftiDataType type)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(image);
        if (!Enum.IsDefined(type)) throw new ArgumentOutOfRangeException(nameof(type), type, "Not a NIfTI data type this writer supports.");
        var name = Path.GetFileName(path);
        var header = BuildHeader(image, type, name);

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temporary = path + ".partial";
        try
        {
            using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1 << 16))
            {
                var gzip = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);
                using var target = gzip ? new GZipStream(file, CompressionLevel.Optimal, leaveOpen: true) : (Stream)file;
                target.Write(header);
                WriteVoxels(target, image, type, name);
            }
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    private static byte[] BuildHeader(NiftiImage image, NiftiDataType type, string name)
    {
        var header = new byte[MinimumVoxelOffset];
        var span = header.AsSpan();
        BinaryPrimitives.WriteInt32LittleEndian(span[SizeOfHeader..], HeaderSize);

        int[] dim = [image.Channels > 1 ? 4 : 3, image.X, image.Y, image.Z, image.Channels, 1, 1, 1];
        for (var i = 0; i < dim.Length; i++)
        {
            if (dim[i] > short.MaxValue)
                throw new ArgumentException($"{name}: dim[{i}] = {dim[i]} does not fit NIfTI-1's 16-bit sizes (at most {short.MaxValue}).", nameof(image));
            BinaryPrimitives.WriteInt16LittleEndian(span[(Dim + 2 * i)..], (short)dim[i]);
        }
        BinaryPrimitives.WriteInt16LittleEndian(span[DataType..], (short)type);
        BinaryPrimitives.WriteInt16LittleEndian(span[BitPix..], (short)(8 * type.BytesPerVoxel()));

        // Geometry from the header the image was read from, bit for bit; else from its spacing, unit and affine.
        (image.HeaderTemplate ?? NiftiHeaderTemplate.For(image.Spacing, image.Unit, image.Affine)).WriteTo(span);

        BinaryPrimitives.WriteSingleLittleEndian(span[VoxOffset..], MinimumVoxelOffset);
        BinaryPrimitives.WriteSingleLittleEndian(span[SclSlope..], 1);
        BinaryPrimitives.WriteSingleLittleEndian(span[SclInter..], 0);

        // descrip is a NUL-terminated char[80]: at most 79 ASCII characters.
        var description = image.Description.Length > DescriptionLength - 1 ? image.Description[..(DescriptionLength - 1)] : image.Description;
        Encoding.ASCII.GetBytes(description, span.Slice(Description, DescriptionLength - 1));

        "n+1\0"u8.CopyTo(span[Magic..]);
        // Bytes 348..351 stay zero: the extension flag says "no extensions".
        return header;
    }

    private static void WriteVoxels(Stream target, NiftiImage image, NiftiDataType type, string name)
    {
        var size = type.BytesPerVoxel();
        var buffer = new byte[(int)Math.Min(ChunkValues, image.Data.Length) * size];
        for (var done = 0; done < image.Data.Length;)
        {
            var count = Math.Min(ChunkValues, image.Data.Length - done);
            var values = image.Data.AsSpan(done, count);
            var bytes = buffer.AsSpan(0, count * size);
            switch (type)
            {
                case NiftiDataType.UInt8: Narrow<byte>(values, bytes, done, image, type, name); break;
                case NiftiDataType.Int16: Narrow<short>(values, bytes, done, image, type, name); break;
                case NiftiDataType.UInt16: Narrow<ushort>(values, bytes, done, image, type, name); break;
                case NiftiDataType.Int32: Narrow<int>(values, bytes, done, image, type, name); break;
                case NiftiDataType.Float32: values.CopyTo(MemoryMarshal.Cast<byte, float>(bytes)); break;
                case NiftiDataType.Float64:
                    var doubles = MemoryMarshal.Cast<byte, double>(bytes);
                    for (var i = 0; i < values.Length; i++) doubles[i] = values[i];
                    break;
            }
            // Little-endian on disk whatever the machine.
            if (!BitConverter.IsLittleEndian) NiftiDataTypes.ReverseByteOrder(bytes, size);
            target.Write(bytes);
            done += count;
        }
    }

    private static void Narrow<T>(ReadOnlySpan<float> values, Span<byte> bytes, int first, NiftiImage image, NiftiDataType type, string name)
        where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T>
    {
        var target = MemoryMarshal.Cast<byte, T>(bytes);
        var min = double.CreateTruncating(T.MinValue);
        var max = double.CreateTruncating(T.MaxValue);
        for (var i = 0; i < values.Length; i++)
        {
            var rounded = Math.Round((double)values[i], MidpointRounding.ToEven);
            // int32's maximum has no float; the float it rounds to (2^31) stands for it and goes back to it.
            if (rounded > max && values[i] == (float)max) rounded = max;
            // Written so that NaN fails too.
            if (!(rounded >= min && rounded <= max)) throw OutOfRange(first + i, values[i], image, type, min, max, name);
            target[i] = T.CreateTruncating(rounded);
        }
    }

    private static ArgumentException OutOfRange(long index, float value, NiftiImage image, NiftiDataType type, double min, double max, string name)
    {
        var perChannel = image.VoxelsPerChannel;
        var channel = index / perChannel;
        var voxel = index % perChannel;
        var (z, y, x) = (voxel / ((long)image.X * image.Y), voxel / image.X % image.Y, voxel % image.X);
        var problem = float.IsFinite(value) ? FormattableString.Invariant($"does not fit {type.Name()} ({min}..{max})") : $"cannot be stored as {type.Name()}";
        return new ArgumentException(FormattableString.Invariant($"{name}: voxel (x={x}, y={y}, z={z}, channel {channel}) = {value} {problem}."), nameof(image));
    }
}
