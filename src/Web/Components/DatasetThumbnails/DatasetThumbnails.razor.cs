using System.Globalization;
using Microsoft.AspNetCore.Components;
using UNet3D.Lab.Silo.Datasets;

namespace UNet3D.Lab.Web.Components;

/// <summary>
/// A dataset's middle slices along x, y and z (the yz, xz and xy planes), drawn with their physical aspect ratio
/// (voxel spacing), optionally with the labels laid over them; placeholders while a built-in sample is not generated.
/// </summary>
public partial class DatasetThumbnails
{
    private static readonly string[] Axes = ["x", "y", "z"];

    [Parameter, EditorRequired]
    public required DatasetInfo Dataset { get; set; }

    /// <summary>Height of the tallest thumbnail in pixels.</summary>
    [Parameter]
    public int Height { get; set; } = 64;

    [Parameter]
    public bool ShowLabels { get; set; }

    [Parameter]
    public bool ShowCaptions { get; set; }

    private string ImageUrl(string axis, string kind) => $"/api/datasets/{Uri.EscapeDataString(Dataset.Id)}/{kind}/{axis}.png";

    private static string Caption(string axis) => axis switch
    {
        "x" => "yz plane (middle x)",
        "y" => "xz plane (middle y)",
        _ => "xy plane (middle z)",
    };

    /// <summary>Width and height on screen: the plane's physical extent scaled so that the tallest of the three is <see cref="Height"/>.</summary>
    private (int Width, int Height) DisplaySize(string axis)
    {
        var (x, y, z) = (Dataset.X * Dataset.SpacingX, Dataset.Y * Dataset.SpacingY, Dataset.Z * Dataset.SpacingZ);
        var (across, down) = axis switch { "x" => (y, z), "y" => (x, z), _ => (x, y) };
        // The planes' heights are z, z and y: the tallest of them gets Height pixels.
        var scale = Height / Math.Max(z, y);
        return (Math.Max(8, (int)Math.Round(across * scale)), Math.Max(8, (int)Math.Round(down * scale)));
    }

    internal static string Format(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
