namespace UNet3D.Lab.Web.Api;

/// <summary>One URL per axis: the middle slice along x (a yz plane), y (xz) and z (xy).</summary>
public sealed record AxisUrlsView(string X, string Y, string Z)
{
    public static AxisUrlsView For(string id, string kind) =>
        new(Url(id, kind, "x"), Url(id, kind, "y"), Url(id, kind, "z"));

    public string Of(string axis) => axis switch { "x" => X, "y" => Y, _ => Z };

    private static string Url(string id, string kind, string axis) => $"/api/datasets/{Uri.EscapeDataString(id)}/{kind}/{axis}.png";
}
