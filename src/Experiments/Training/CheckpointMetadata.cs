namespace UNet3D.Lab.Experiments.Training;

/// <summary>
/// What a checkpoint says about its run besides the weights: how far it got, its curve so far, and a fingerprint
/// of the model and settings so that a checkpoint is never resumed into a different run. <see cref="Model"/> and
/// <see cref="TileInput"/> let a checkpoint be used for prediction on its own. <see cref="GradientScaler"/> is the loss
/// scaler's state of an fp16 run, null otherwise.
/// </summary>
public sealed record CheckpointMetadata(
    Models.UNetConfig Model,
    int[] TileInput,
    int Step,
    int TotalSteps,
    double ElapsedSeconds,
    float[] ClassWeights,
    double[] Losses,
    string Fingerprint,
    GradientScalerState? GradientScaler = null);
