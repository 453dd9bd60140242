namespace UNet3D.Lab.Silo.Models;

/// <summary>One point of a training curve: the loss after <see cref="Step"/>, <see cref="Seconds"/> into training.</summary>
[GenerateSerializer, Immutable]
public readonly record struct LossPoint([property: Id(0)] int Step, [property: Id(1)] double Loss, [property: Id(2)] double Seconds);
