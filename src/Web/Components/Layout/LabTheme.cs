using MudBlazor;

namespace UNet3D.Lab.Web.Components.Layout;

public static class LabTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1e5aa8",
            Secondary = "#c2185b",
            AppbarBackground = "#173f73",
        },
    };
}
