namespace UNet3D.Lab.Experiments.Data.Formats;

/// <summary>Names, NIfTI codes and explicit conversions of <see cref="SpatialUnit"/>.</summary>
public static class SpatialUnits
{
    /// <summary>Bits 0–2 of xyzt_units; bits 3–5 hold the time unit.</summary>
    public const byte NiftiSpaceMask = 0x07;

    /// <summary>
    /// The spatial unit of a NIfTI xyzt_units byte. The codes 4–7 name no unit in NIfTI-1 and read as unknown, as in
    /// nifti1_io; the byte itself is kept wherever a header is copied.
    /// </summary>
    public static SpatialUnit FromNifti(byte xyztUnits) => (xyztUnits & NiftiSpaceMask) switch
    {
        1 => SpatialUnit.Meter,
        2 => SpatialUnit.Millimeter,
        3 => SpatialUnit.Micron,
        _ => SpatialUnit.Unknown,
    };

    /// <summary>The unit's symbol: "m", "mm", "µm", or "unknown".</summary>
    public static string Symbol(this SpatialUnit unit) => unit switch
    {
        SpatialUnit.Meter => "m",
        SpatialUnit.Millimeter => "mm",
        SpatialUnit.Micron => "µm",
        _ => "unknown",
    };

    /// <summary>µm per unit; null for <see cref="SpatialUnit.Unknown"/>, which no physical size can be made of.</summary>
    public static double? MicronsPerUnit(this SpatialUnit unit) => unit switch
    {
        SpatialUnit.Meter => 1e6,
        SpatialUnit.Millimeter => 1e3,
        SpatialUnit.Micron => 1,
        _ => null,
    };

    /// <summary>
    /// <paramref name="spacing"/>, given in <paramref name="unit"/>, in µm; null when the unit is unknown: a caller
    /// that needs physical sizes then has to say what it assumes instead of guessing here.
    /// </summary>
    public static (double X, double Y, double Z)? ToMicrons(this SpatialUnit unit, (double X, double Y, double Z) spacing) =>
        unit.MicronsPerUnit() is { } factor ? (spacing.X * factor, spacing.Y * factor, spacing.Z * factor) : null;

    /// <summary>Spacing as people write it: "1.76 × 1.76 × 2.04 µm", or "0.5 × 0.75 × 2 (unit unknown)".</summary>
    /// <param name="format">How each number is formatted (invariant culture).</param>
    public static string Describe((double X, double Y, double Z) spacing, SpatialUnit unit, string separator = " × ", string format = "G6")
    {
        var culture = System.Globalization.CultureInfo.InvariantCulture;
        var numbers = string.Join(separator, spacing.X.ToString(format, culture), spacing.Y.ToString(format, culture), spacing.Z.ToString(format, culture));
        return unit == SpatialUnit.Unknown ? numbers + " (unit unknown)" : numbers + " " + unit.Symbol();
    }
}
