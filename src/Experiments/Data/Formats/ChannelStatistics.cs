namespace UNet3D.Lab.Experiments.Data.Formats;

/// <summary>Minimum, maximum and mean of one channel of a volume; see <see cref="VolumeStatistics.PerChannel"/>.</summary>
public sealed record ChannelStatistics(double Min, double Max, double Mean);
