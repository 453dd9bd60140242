namespace UNet3D.Lab.Web.Api;

/// <summary>
/// Answer to <c>POST /api/ablations?dryRun=true</c>: what the grid would run, started nothing. The estimate divides the
/// training steps by the cluster's training slots at the step time measured for each preset and model.
/// </summary>
public sealed record AblationPlanView(int Runs, int Groups, double EstimatedSeconds, string EstimateBasis);
