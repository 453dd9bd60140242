namespace UNet3D.Lab.Web.Components;

/// <summary>One colour of the viewer's legend: a class, an error kind or the taught planes (<see cref="Kind"/>).</summary>
public sealed record ViewerLegendEntry(string Name, string Colour, string Kind);
