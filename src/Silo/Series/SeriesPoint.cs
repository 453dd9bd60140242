namespace UNet3D.Lab.Silo.Series;

/// <summary>One point of a run's metric series: <see cref="Value"/> after <see cref="Step"/>, <see cref="Seconds"/> after training started.</summary>
[GenerateSerializer, Immutable]
public readonly record struct SeriesPoint([property: Id(0)] int Step, [property: Id(1)] double Value, [property: Id(2)] double Seconds);
