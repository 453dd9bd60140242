using UNet3D.Lab.Experiments.Metrics;

namespace UNet3D.Lab.Experiments.Training;

/// <summary>One finished optimisation step: its loss, the learning rate it used and, on the steps a
/// <see cref="PeriodicValidation"/> measures, the held-out scores after it.</summary>
public readonly record struct TrainingProgress(
    int Step, int TotalSteps, double Loss, double LearningRate, TimeSpan Elapsed, ValidationScore? Validation = null);
