using System.Globalization;
using System.Text;

namespace UNet3D.Lab.Experiments.Data.Formats;

/// <summary>
/// The ImageDescription ImageJ and Fiji write into the first page of a TIFF stack ("ImageJ=1.54f\nimages=8\n
/// channels=2\nslices=4\nhyperstack=true\nunit=micron\nspacing=2.0\n..."): the stack's layout and its z spacing.
/// </summary>
internal sealed class ImageJDescription
{
    private readonly Dictionary<string, string> fields;
    private readonly string name;

    private ImageJDescription(Dictionary<string, string> fields, string name)
    {
        this.fields = fields;
        this.name = name;
    }

    /// <summary>The parsed description, or null when <paramref name="description"/> is not ImageJ's.</summary>
    public static ImageJDescription? TryParse(string? description, string name)
    {
        if (description is null || !description.StartsWith("ImageJ=", StringComparison.Ordinal)) return null;
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in description.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0) fields[line[..equals]] = line[(equals + 1)..];
        }
        return new ImageJDescription(fields, name);
    }

    public int Channels => Count("channels");
    public int Slices => Count("slices");
    public int Frames => Count("frames");

    /// <summary>images=, or channels × slices × frames when absent.</summary>
    public long Images => fields.ContainsKey("images") ? Count("images") : (long)Channels * Slices * Frames;

    /// <summary>spacing= (z step, in <see cref="Unit"/>), or null when absent.</summary>
    public double? Spacing
    {
        get
        {
            if (!fields.TryGetValue("spacing", out var text)) return null;
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value) || value <= 0)
                throw Error($"spacing={text} is not a positive number");
            return value;
        }
    }

    public string? Unit => fields.GetValueOrDefault("unit");

    /// <summary>
    /// The unit spacings are read in and the factor from <see cref="Unit"/> to it; null when the stack is uncalibrated
    /// (no unit, or ImageJ's "pixel"). µm, mm and m, which NIfTI names too, are kept as they are; nm and cm become µm,
    /// the lab's unit. ImageJ writes µm as "micron" or with the escape "\u00B5m"; other writers use "um" or "µm".
    /// </summary>
    public (SpatialUnit Unit, double Factor)? Calibration() => Unit switch
    {
        null or "pixel" or "pixels" or "" => null,
        "micron" or "microns" or "um" or "\u00b5m" or "\u03bcm" or "\\u00B5m" or "\\u00b5m" => (SpatialUnit.Micron, 1),
        "nm" or "nanometer" or "nanometers" => (SpatialUnit.Micron, 1e-3),
        "mm" or "millimeter" or "millimeters" => (SpatialUnit.Millimeter, 1),
        "cm" => (SpatialUnit.Micron, 1e4),
        "m" or "meter" or "meters" => (SpatialUnit.Meter, 1),
        var unknown => throw Error($"unit={unknown} is not a length unit this reader knows (micron, um, µm, nm, mm, cm, m, pixel)"),
    };

    /// <summary>ImageJ's name of <paramref name="unit"/>; null for <see cref="SpatialUnit.Unknown"/> (no calibration).</summary>
    public static string? UnitName(SpatialUnit unit) => unit switch
    {
        SpatialUnit.Micron => "micron",
        SpatialUnit.Millimeter => "mm",
        SpatialUnit.Meter => "m",
        _ => null,
    };

    /// <summary>
    /// The description <see cref="TiffStackWriter"/> writes: a hyperstack in czt order with its z spacing in
    /// <paramref name="unit"/>; without unit= and spacing= (uncalibrated, as ImageJ shows it) when the unit is unknown.
    /// </summary>
    public static string Format(int channels, int slices, double zSpacing, SpatialUnit unit, double min, double max)
    {
        var text = new StringBuilder();
        text.Append("ImageJ=1.11a\n");
        text.Append(CultureInfo.InvariantCulture, $"images={channels * slices}\n");
        if (channels > 1) text.Append(CultureInfo.InvariantCulture, $"channels={channels}\n");
        if (slices > 1) text.Append(CultureInfo.InvariantCulture, $"slices={slices}\n");
        if (channels > 1 && slices > 1) text.Append("hyperstack=true\n");
        text.Append(channels > 1 ? "mode=composite\n" : "mode=grayscale\n");
        if (UnitName(unit) is { } name)
        {
            text.Append(CultureInfo.InvariantCulture, $"unit={name}\n");
            text.Append(CultureInfo.InvariantCulture, $"spacing={zSpacing:R}\n");
        }
        text.Append("loop=false\n");
        // Display range, so Fiji shows 16-bit and float stacks with contrast at once.
        text.Append(CultureInfo.InvariantCulture, $"min={min:R}\nmax={max:R}\n");
        return text.ToString();
    }

    private int Count(string key)
    {
        if (!fields.TryGetValue(key, out var text)) return 1;
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1)
            throw Error($"{key}={text} is not a positive count");
        return value;
    }

    private VolumeFormatException Error(string problem) => new($"{name}: ImageDescription (ImageJ): {problem}.");
}
