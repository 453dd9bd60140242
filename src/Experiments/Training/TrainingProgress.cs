namespace UNet3D.Lab.Experiments.Training;

/// <summary>One finished optimisation step.</summary>
public readonly record struct TrainingProgress(int Step, int TotalSteps, double Loss, TimeSpan Elapsed);
