using System.Numerics;

namespace UNet3D.Lab.Experiments.Data.Formats;

/// <summary>Names of voxel types and the float-to-stored-type narrowing the TIFF and HDF5 writers share.</summary>
public static class VolumeDataTypes
{
    /// <summary>The lower-case name used in <see cref="VolumeFile.SourceType"/> (and by numpy): "uint8", "float32", ...</summary>
    public static string Name(this VolumeDataType type) => type switch
    {
        VolumeDataType.UInt8 => "uint8",
        VolumeDataType.Int16 => "int16",
        VolumeDataType.UInt16 => "uint16",
        VolumeDataType.Int32 => "int32",
        VolumeDataType.Float32 => "float32",
        VolumeDataType.Float64 => "float64",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Not a volume data type."),
    };

    /// <summary>The type a <see cref="VolumeFile.SourceType"/> names; null for source types no writer has (int8, uint32, ...).</summary>
    public static VolumeDataType? FromName(string sourceType) =>
        Enum.GetValues<VolumeDataType>().Select(type => (VolumeDataType?)type).FirstOrDefault(type => type!.Value.Name() == sourceType);

    /// <summary>True for the names of integer types ("uint8", "int16", "uint32", "int64", ...).</summary>
    public static bool IsInteger(string sourceType) =>
        sourceType is "uint8" or "int8" or "uint16" or "int16" or "uint32" or "int32" or "uint64" or "int64";

    internal static NiftiDataType ToNifti(this VolumeDataType type) => type switch
    {
        VolumeDataType.UInt8 => NiftiDataType.UInt8,
        VolumeDataType.Int16 => NiftiDataType.Int16,
        VolumeDataType.UInt16 => NiftiDataType.UInt16,
        VolumeDataType.Int32 => NiftiDataType.Int32,
        VolumeDataType.Float32 => NiftiDataType.Float32,
        VolumeDataType.Float64 => NiftiDataType.Float64,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Not a volume data type."),
    };

    /// <summary>
    /// <paramref name="volume"/>'s values as <typeparamref name="T"/>, rounded to the nearest integer (ties to even);
    /// a value that does not fit is an <see cref="ArgumentException"/> naming the file and the voxel. NiftiWriter does
    /// the same for NIfTI.
    /// </summary>
    internal static T[] Narrow<T>(VolumeFile volume, VolumeDataType type, string name)
        where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T>
    {
        var values = volume.Data;
        var target = new T[values.Length];
        var min = double.CreateTruncating(T.MinValue);
        var max = double.CreateTruncating(T.MaxValue);
        for (var i = 0; i < values.Length; i++)
        {
            var rounded = Math.Round((double)values[i], MidpointRounding.ToEven);
            // int32's maximum has no float; the float it rounds to (2^31) stands for it and goes back to it.
            if (rounded > max && values[i] == (float)max) rounded = max;
            // Written so that NaN fails too.
            if (!(rounded >= min && rounded <= max))
                throw new ArgumentException(FormattableString.Invariant(
                    $"{name}: voxel {volume.Describe(i)} = {values[i]} does not fit {type.Name()} ({min}..{max})."), nameof(volume));
            target[i] = T.CreateTruncating(rounded);
        }
        return target;
    }
}
