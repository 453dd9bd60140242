namespace UNet3D.Lab.Web.Compare;

/// <summary>
/// One line of a compare chart: a run's curve, or a group's mean with its ± sd band as a closed outline (upper edge
/// forward, lower edge back). Undefined values are NaN.
/// </summary>
/// <param name="Name">Legend and hover text: the run's label, or the group's with its n.</param>
/// <param name="N">Runs drawn by the line: 1 for a run.</param>
public sealed record CurveLine(string Name, string Color, double[] X, double[] Y, int N, double[]? BandX = null, double[]? BandY = null);
