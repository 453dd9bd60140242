namespace UNet3D.Lab.Web.Components;

/// <summary>What the viewer's script reports once a volume is on the canvas: its size, intensity window and legend.</summary>
public sealed record VolumeShown(
    int[] Dims,
    double CalMin,
    double CalMax,
    double GlobalMin,
    double GlobalMax,
    string[] Classes,
    string[] ClassColours,
    int Headline,
    ViewerLegendEntry[] Legend,
    string[] Problems,
    int Planes);
