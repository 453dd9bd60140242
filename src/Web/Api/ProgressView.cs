namespace UNet3D.Lab.Web.Api;

public sealed record ProgressView(int Step, int TotalSteps, double Fraction, bool CancelRequested);
