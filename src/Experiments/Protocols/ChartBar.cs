namespace UNet3D.Lab.Experiments.Protocols;

/// <summary>One bar of the per-dataset IoU chart: a dataset's IoU under one model (or, in Table 2, one setting).</summary>
public sealed record ChartBar(string Series, string Dataset, Statistic Value);
