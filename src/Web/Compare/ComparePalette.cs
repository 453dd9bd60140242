using System.Globalization;

namespace UNet3D.Lab.Web.Compare;

/// <summary>
/// Colours of runs and groups: Plotly's ten defaults first (what the lab's other charts use), then hues a golden angle
/// apart, so that 50 runs stay told apart.
/// </summary>
public static class ComparePalette
{
    private static readonly string[] Defaults =
        ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

    public static string Color(int index) => index < Defaults.Length
        ? Defaults[index]
        : string.Create(CultureInfo.InvariantCulture, $"hsl({(index * 137.508) % 360:F0}, 60%, {(index % 2 == 0 ? 42 : 55)}%)");

    /// <summary>The colour, see-through: a ± sd band behind its line.</summary>
    public static string Band(string color) => color.StartsWith('#')
        ? string.Create(CultureInfo.InvariantCulture, $"rgba({Convert.ToInt32(color[1..3], 16)}, {Convert.ToInt32(color[3..5], 16)}, {Convert.ToInt32(color[5..7], 16)}, 0.2)")
        : color.Replace("hsl(", "hsla(", StringComparison.Ordinal).Replace("%)", "%, 0.2)", StringComparison.Ordinal);
}
