using TorchSharp.Modules;
using static TorchSharp.torch;

namespace UNet3D.Lab.Experiments.Training;

/// <summary>
/// Loss scaling for fp16 training, as PyTorch's <c>torch.amp.GradScaler</c> (TorchSharp 0.107 has none): the loss is
/// multiplied by <see cref="Scale"/> before the backward pass so that small fp16 gradients do not flush to zero;
/// <see cref="Unscale"/> divides the gradients again (before clipping) and reports whether all are finite; a step
/// whose gradients are not is skipped and the scale multiplied by the backoff factor, and after
/// <c>growthInterval</c> successive finite steps it is multiplied by the growth factor.
/// </summary>
public sealed class GradientScaler
{
    public const float DefaultInitialScale = 65536f;
    public const int DefaultGrowthInterval = 2000;

    private readonly float growthFactor;
    private readonly float backoffFactor;
    private readonly int growthInterval;

    public GradientScaler(float initialScale = DefaultInitialScale, float growthFactor = 2f, float backoffFactor = 0.5f, int growthInterval = DefaultGrowthInterval)
    {
        if (!(initialScale > 0) || float.IsInfinity(initialScale))
            throw new ArgumentOutOfRangeException(nameof(initialScale), initialScale, "The initial scale must be positive and finite.");
        if (!(growthFactor > 1)) throw new ArgumentOutOfRangeException(nameof(growthFactor), growthFactor, "The growth factor must exceed 1.");
        if (!(backoffFactor is > 0 and < 1)) throw new ArgumentOutOfRangeException(nameof(backoffFactor), backoffFactor, "The backoff factor must be between 0 and 1.");
        if (growthInterval < 1) throw new ArgumentOutOfRangeException(nameof(growthInterval), growthInterval, "The growth interval must be at least one step.");
        Scale = initialScale;
        this.growthFactor = growthFactor;
        this.backoffFactor = backoffFactor;
        this.growthInterval = growthInterval;
    }

    public float Scale { get; private set; }

    /// <summary>Successive steps with finite gradients since the scale last changed.</summary>
    public int GrowthTracker { get; private set; }

    public GradientScalerState State => new(Scale, GrowthTracker);

    public void Restore(GradientScalerState state)
    {
        if (!(state.Scale > 0) || float.IsInfinity(state.Scale) || state.GrowthTracker < 0 || state.GrowthTracker >= growthInterval)
            throw new ArgumentException($"Gradient scaler state {state} is not one this scaler can reach (growth interval {growthInterval}).", nameof(state));
        (Scale, GrowthTracker) = (state.Scale, state.GrowthTracker);
    }

    /// <summary>The loss times <see cref="Scale"/>, to call backward on; the caller disposes it.</summary>
    public Tensor ScaleLoss(Tensor loss)
    {
        using Scalar scale = Scale; // held until libtorch has read it (GcSafeAdam says why)
        return loss.mul(scale);
    }

    /// <summary>
    /// Multiplies every gradient by 1/<see cref="Scale"/> in place and says whether all of them are finite: when one is
    /// not, the optimiser step is to be skipped. PyTorch computes the inverse in double and rounds it to float32.
    /// </summary>
    public bool Unscale(IEnumerable<Parameter> parameters)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using Scalar inverse = (float)(1.0 / Scale);
        var finite = new List<Tensor>();
        foreach (var parameter in parameters)
        {
            var gradient = parameter.grad;
            if (gradient is null) continue;
            gradient.mul_(inverse);
            finite.Add(gradient.isfinite().all());
        }
        // One synchronisation for all gradients, as PyTorch's found_inf.
        return finite.Count == 0 || stack(finite).all().item<bool>();
    }

    /// <summary>After each step: back off when its gradients were not finite, grow after enough finite steps.</summary>
    public void Update(bool gradientsFinite)
    {
        if (!gradientsFinite)
        {
            Scale *= backoffFactor;
            GrowthTracker = 0;
            return;
        }
        if (GrowthTracker + 1 < growthInterval)
        {
            GrowthTracker++;
            return;
        }
        var grown = Scale * growthFactor;
        if (float.IsFinite(grown)) Scale = grown;
        GrowthTracker = 0;
    }
}
