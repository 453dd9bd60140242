namespace UNet3D.Lab.Web.Api;

/// <summary>Answer to <c>POST /api/ablations</c>: the new ablation's id, its page, status and number of runs.</summary>
public sealed record AblationCreated(string Id, string Url, AblationStatus Status, int Runs);
