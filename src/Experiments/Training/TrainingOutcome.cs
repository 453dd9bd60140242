namespace UNet3D.Lab.Experiments.Training;

/// <param name="Elapsed">Training time, measurements of held-out data included.</param>
/// <param name="ValidationTime">The part of <paramref name="Elapsed"/> spent measuring held-out data (<see cref="PeriodicValidation"/>).</param>
public sealed record TrainingOutcome(int Steps, double FinalLoss, TimeSpan Elapsed, IReadOnlyList<float> ClassWeights, TimeSpan ValidationTime);
