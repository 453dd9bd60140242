namespace UNet3D.Lab.Experiments.Training;

public sealed record TrainingOutcome(int Steps, double FinalLoss, TimeSpan Elapsed, IReadOnlyList<float> ClassWeights);
