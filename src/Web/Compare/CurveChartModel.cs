namespace UNet3D.Lab.Web.Compare;

/// <summary>Everything one compare chart draws: a series of every shown run or group, against step or wall time.</summary>
public sealed record CurveChartModel(string Series, CompareAxis X, bool LogY, double Smooth, IReadOnlyList<CurveLine> Lines)
{
    public string XTitle => X == CompareAxis.Step ? "step" : "wall time (s)";
}
