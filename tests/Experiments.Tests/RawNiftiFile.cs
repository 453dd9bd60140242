using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using UNet3D.Lab.Experiments.Data.Formats;

namespace UNet3D.Lab.Experiments.Tests;

/// <summary>
/// Builds NIfTI-1 files byte by byte, in either byte order, with the field offsets copied from nifti1.h rather than
/// taken from the production code: the reader is checked against the standard, not against itself.
/// Defaults: a valid little-endian 2×2×2 int16 header with no scaling and no transform.
/// </summary>
internal sealed class RawNiftiFile
{
    public int SizeOfHeader { get; set; } = 348;
    public short[] Dim { get; } = [3, 2, 2, 2, 1, 1, 1, 1];
    public short DataType { get; set; } = 4;
    public short BitPix { get; set; } = 16;
    public float[] PixDim { get; } = [1, 1, 1, 1, 1, 1, 1, 1];
    public float VoxOffset { get; set; } = 352;
    public float SclSlope { get; set; }
    public float SclInter { get; set; }
    /// <summary>xyzt_units: 2 (mm, NIfTI's usual unit) unless set; the time unit goes in bits 3–5.</summary>
    public byte XyztUnits { get; set; } = 2;

    public short QFormCode { get; set; }
    public short SFormCode { get; set; }

    /// <summary>quatern_b, quatern_c, quatern_d, qoffset_x, qoffset_y, qoffset_z.</summary>
    public float[] Quatern { get; } = new float[6];

    public float[][] SRow { get; } = [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0]];
    public string Magic { get; set; } = "n+1\0";
    public string Description { get; set; } = "";
    public bool BigEndian { get; set; }

    /// <summary>Everything from byte 348 up to vox_offset: the extension flag and any extensions.</summary>
    public byte[] AfterHeader { get; set; } = new byte[4];

    public byte[] Header()
    {
        var bytes = new byte[348];
        var span = bytes.AsSpan();
        WriteInt32(span[0..], SizeOfHeader);
        for (var i = 0; i < 8; i++) WriteInt16(span[(40 + 2 * i)..], Dim[i]);
        WriteInt16(span[70..], DataType);
        WriteInt16(span[72..], BitPix);
        for (var i = 0; i < 8; i++) WriteSingle(span[(76 + 4 * i)..], PixDim[i]);
        WriteSingle(span[108..], VoxOffset);
        WriteSingle(span[112..], SclSlope);
        WriteSingle(span[116..], SclInter);
        span[123] = XyztUnits;
        Encoding.ASCII.GetBytes(Description, span[148..228]);
        WriteInt16(span[252..], QFormCode);
        WriteInt16(span[254..], SFormCode);
        for (var i = 0; i < 6; i++) WriteSingle(span[(256 + 4 * i)..], Quatern[i]);
        for (var row = 0; row < 3; row++)
        for (var column = 0; column < 4; column++)
            WriteSingle(span[(280 + 16 * row + 4 * column)..], SRow[row][column]);
        Encoding.ASCII.GetBytes(Magic, span[344..348]);
        return bytes;
    }

    /// <summary>Header, <see cref="AfterHeader"/>, then <paramref name="voxels"/> (vox_offset must match).</summary>
    public byte[] Build(ReadOnlySpan<byte> voxels) => [.. Header(), .. AfterHeader, .. voxels];

    /// <summary><paramref name="values"/> stored as <paramref name="type"/> in this file's byte order.</summary>
    public byte[] Encode(NiftiDataType type, IReadOnlyList<double> values)
    {
        var size = type switch
        {
            NiftiDataType.UInt8 => 1,
            NiftiDataType.Int16 or NiftiDataType.UInt16 => 2,
            NiftiDataType.Int32 or NiftiDataType.Float32 => 4,
            _ => 8,
        };
        var bytes = new byte[values.Count * size];
        for (var i = 0; i < values.Count; i++)
        {
            var at = bytes.AsSpan(i * size);
            switch (type)
            {
                case NiftiDataType.UInt8: at[0] = checked((byte)values[i]); break;
                case NiftiDataType.Int16: WriteInt16(at, checked((short)values[i])); break;
                case NiftiDataType.UInt16: WriteInt16(at, unchecked((short)checked((ushort)values[i]))); break;
                case NiftiDataType.Int32: WriteInt32(at, checked((int)values[i])); break;
                case NiftiDataType.Float32: WriteSingle(at, (float)values[i]); break;
                default:
                    var bits = BitConverter.DoubleToInt64Bits(values[i]);
                    if (BigEndian) BinaryPrimitives.WriteInt64BigEndian(at, bits);
                    else BinaryPrimitives.WriteInt64LittleEndian(at, bits);
                    break;
            }
        }
        return bytes;
    }

    public static byte[] Gzip(byte[] bytes)
    {
        using var memory = new MemoryStream();
        using (var gzip = new GZipStream(memory, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(bytes);
        return memory.ToArray();
    }

    private void WriteInt16(Span<byte> at, short value)
    {
        if (BigEndian) BinaryPrimitives.WriteInt16BigEndian(at, value);
        else BinaryPrimitives.WriteInt16LittleEndian(at, value);
    }

    private void WriteInt32(Span<byte> at, int value)
    {
        if (BigEndian) BinaryPrimitives.WriteInt32BigEndian(at, value);
        else BinaryPrimitives.WriteInt32LittleEndian(at, value);
    }

    private void WriteSingle(Span<byte> at, float value)
    {
        if (BigEndian) BinaryPrimitives.WriteSingleBigEndian(at, value);
        else BinaryPrimitives.WriteSingleLittleEndian(at, value);
    }
}
