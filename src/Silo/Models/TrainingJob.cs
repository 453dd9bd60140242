namespace UNet3D.Lab.Silo.Models;

/// <summary>A queued request to train one experiment; <see cref="Attempt"/> tells stale jobs from current ones.</summary>
[GenerateSerializer, Immutable]
public sealed record TrainingJob([property: Id(0)] string ExperimentId, [property: Id(1)] ExperimentSpec Config, [property: Id(2)] int Attempt);
