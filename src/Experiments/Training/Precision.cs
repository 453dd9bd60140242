namespace UNet3D.Lab.Experiments.Training;

/// <summary>
/// The element type a network computes its convolutions in, for training and inference: in JSON, the API, the pages
/// and the commands "fp32", "bf16" or "fp16". Weights, BatchNorm, softmax and the loss stay float32 whatever it is
/// (<see cref="Models.Autocast"/>).
/// </summary>
public enum Precision
{
    /// <summary>float32 throughout, the paper's and the default: every result as before the field existed.</summary>
    Fp32,

    /// <summary>bfloat16 convolutions: float32's range, so no loss scaling is needed.</summary>
    Bf16,

    /// <summary>float16 convolutions, trained with a <see cref="GradientScaler"/> so small gradients do not flush to zero.</summary>
    Fp16,
}
