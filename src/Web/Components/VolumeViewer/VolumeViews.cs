namespace UNet3D.Lab.Web.Components;

/// <summary>The viewer's layouts as its URL names them (<c>view=</c>), with the labels of their buttons.</summary>
public static class VolumeViews
{
    public const string Multiplanar = "multi";

    public static readonly IReadOnlyList<(string Key, string Label)> All =
    [
        ("axial", "Axial"), ("coronal", "Coronal"), ("sagittal", "Sagittal"), (Multiplanar, "All three"), ("render", "3D"),
    ];

    /// <summary>The single-plane view of the planes across an axis (x, y, z) of a volume stored in RAS order, as the lab's are.</summary>
    public static string PlaneOf(string axis) => axis switch { "x" => "sagittal", "y" => "coronal", _ => "axial" };

    /// <summary>The axis a single-plane view cuts across; null for the multiplanar and 3D views.</summary>
    public static string? AxisOf(string view) => view switch { "sagittal" => "x", "coronal" => "y", "axial" => "z", _ => null };

    /// <summary>A known view, else the multiplanar one (a hand-edited link still opens).</summary>
    public static string Normalise(string? view) => All.Any(v => v.Key == view) ? view! : Multiplanar;

    /// <summary>An overlay opacity between 0 and 1, else the default.</summary>
    public static double NormaliseOpacity(double? opacity) => opacity is { } o && !double.IsNaN(o) ? Math.Clamp(o, 0, 1) : 0.5;
}
