namespace UNet3D.Lab.Silo.Models;

/// <summary>One dataset's headline IoU in a completed run (null where undefined) and its annotated share.</summary>
[GenerateSerializer, Immutable]
public sealed record RunScore([property: Id(0)] string Dataset, [property: Id(1)] double? IoU, [property: Id(2)] double AnnotatedFraction);
