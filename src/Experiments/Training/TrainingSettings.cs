using UNet3D.Lab.Experiments.Augmentation;

namespace UNet3D.Lab.Experiments.Training;

/// <summary>Everything the training loop needs besides the model and the data.</summary>
public sealed record TrainingSettings
{
    public required int Iterations { get; init; }
    public required IReadOnlyList<int> TileInput { get; init; }
    public int Seed { get; init; } = 1;
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Adam;
    public double LearningRate { get; init; } = 1e-3;
    public double Momentum { get; init; } = 0.99;
    public LearningRateSchedule Schedule { get; init; } = LearningRateSchedule.Constant;

    /// <summary>Largest gradient L2 norm; null disables clipping.</summary>
    public double? GradientClipNorm { get; init; } = 5.0;

    /// <summary>The element type of the convolutions (<see cref="Models.Autocast"/>); fp16 also scales the loss
    /// (<see cref="GradientScaler"/>).</summary>
    public Precision Precision { get; init; } = Precision.Fp32;

    /// <summary>On-the-fly augmentation of every training tile (image and labels together).</summary>
    public AugmentationSettings Augmentation { get; init; } = AugmentationSettings.None;

    /// <summary>Loss weight per class; null computes inverse-frequency weights from the labelled voxels.</summary>
    public IReadOnlyList<float>? ClassWeights { get; init; }

    public void Validate()
    {
        if (Iterations < 1) throw new ArgumentException($"Iterations must be at least 1, not {Iterations}.", nameof(Iterations));
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate))
            throw new ArgumentException($"LearningRate must be positive and finite, not {LearningRate}.", nameof(LearningRate));
        if (Momentum is < 0 or >= 1) throw new ArgumentException($"Momentum must be in [0, 1), not {Momentum}.", nameof(Momentum));
        Augmentation.Validate();
        if (!Enum.IsDefined(Precision)) throw new ArgumentException($"Precision must be fp32, bf16 or fp16, not {Precision}.", nameof(Precision));
        if (GradientClipNorm is <= 0) throw new ArgumentException($"GradientClipNorm must be positive, not {GradientClipNorm}.", nameof(GradientClipNorm));
    }
}
