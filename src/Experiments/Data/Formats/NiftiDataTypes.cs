using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace UNet3D.Lab.Experiments.Data.Formats;

/// <summary>Sizes, names and byte-order handling of <see cref="NiftiDataType"/>, shared by reader and writer.</summary>
internal static class NiftiDataTypes
{
    public static bool IsSupported(int code) => Enum.IsDefined(typeof(NiftiDataType), code);

    public static int BytesPerVoxel(this NiftiDataType type) => type switch
    {
        NiftiDataType.UInt8 => 1,
        NiftiDataType.Int16 or NiftiDataType.UInt16 => 2,
        NiftiDataType.Int32 or NiftiDataType.Float32 => 4,
        NiftiDataType.Float64 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Not a supported NIfTI data type."),
    };

    public static string Name(this NiftiDataType type) => Describe((int)type);

    /// <summary>The standard's name for any datatype code, so that errors about unsupported types say what they are.</summary>
    public static string Describe(int code) => code switch
    {
        1 => "binary",
        2 => "uint8",
        4 => "int16",
        8 => "int32",
        16 => "float32",
        32 => "complex64",
        64 => "float64",
        128 => "rgb24",
        256 => "int8",
        512 => "uint16",
        768 => "uint32",
        1024 => "int64",
        1280 => "uint64",
        1536 => "float128",
        1792 => "complex128",
        2048 => "complex256",
        2304 => "rgba32",
        _ => "unknown",
    };

    /// <summary>Reverses the byte order of every element in place (vectorised by the runtime).</summary>
    public static void ReverseByteOrder(Span<byte> bytes, int elementSize)
    {
        switch (elementSize)
        {
            case 1:
                break;
            case 2:
                var shorts = MemoryMarshal.Cast<byte, ushort>(bytes);
                BinaryPrimitives.ReverseEndianness(shorts, shorts);
                break;
            case 4:
                var ints = MemoryMarshal.Cast<byte, uint>(bytes);
                BinaryPrimitives.ReverseEndianness(ints, ints);
                break;
            case 8:
                var longs = MemoryMarshal.Cast<byte, ulong>(bytes);
                BinaryPrimitives.ReverseEndianness(longs, longs);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(elementSize), elementSize, "Elements are 1, 2, 4 or 8 bytes.");
        }
    }
}
