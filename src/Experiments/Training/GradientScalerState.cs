namespace UNet3D.Lab.Experiments.Training;

/// <summary>What a <see cref="GradientScaler"/> carries from step to step; checkpoints save it so a resumed fp16 run
/// scales exactly as the uninterrupted one.</summary>
/// <param name="Scale">The factor the loss is multiplied by before the backward pass.</param>
/// <param name="GrowthTracker">Successive steps with finite gradients since the scale last changed.</param>
public sealed record GradientScalerState(float Scale, int GrowthTracker);
