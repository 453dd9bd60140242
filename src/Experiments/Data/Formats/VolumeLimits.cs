using System.Globalization;

namespace UNet3D.Lab.Experiments.Data.Formats;

/// <summary>
/// How large a volume the readers accept. Checked against the sizes a header claims before any voxel memory is
/// allocated, so a corrupt or hostile header (10^12 voxels in a 1 KB file) fails at once with a named error.
/// </summary>
public sealed class VolumeLimits
{
    /// <summary>512 Mi values (2 GiB of floats): above the paper's volumes by far, below what an array can hold.</summary>
    public const long DefaultMaxValues = 512L * 1024 * 1024;

    public static VolumeLimits Default { get; } = new();

    /// <summary>The most values (voxels × channels) a volume read into memory may have; at most <see cref="Array.MaxLength"/>.</summary>
    public long MaxValues
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, Array.MaxLength);
            field = value;
        }
    } = DefaultMaxValues;

    /// <summary>Throws when <paramref name="values"/> (a double: claimed sizes multiplied can overflow a long) is too many.</summary>
    internal void Check(double values, string name, string claimedBy)
    {
        if (values > MaxValues)
            throw new VolumeFormatException(FormattableString.Invariant(
                $"{name}: {claimedBy} is {(values < 1e15 ? values.ToString("0", CultureInfo.InvariantCulture) : values.ToString("0.###e+0", CultureInfo.InvariantCulture))} values, more than the limit of {MaxValues} (VolumeLimits.MaxValues)."));
    }
}
