namespace UNet3D.Lab.Silo.Datasets;

/// <summary>Range and mean of one image channel.</summary>
[GenerateSerializer, Immutable]
public sealed record ChannelStatistics([property: Id(0)] double Min, [property: Id(1)] double Max, [property: Id(2)] double Mean);
