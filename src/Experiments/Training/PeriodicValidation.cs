using UNet3D.Lab.Experiments.Metrics;

namespace UNet3D.Lab.Experiments.Training;

/// <summary>
/// Measure the network on held-out data every <paramref name="Every"/> steps while it trains (not after the last
/// step, which the final evaluation measures). <paramref name="Validate"/> gets the model in train mode and must
/// leave its weights and BatchNorm statistics as it found them; the trainer puts it back in train mode after.
/// </summary>
/// <param name="Every">Steps between measurements; 0 never measures.</param>
public sealed record PeriodicValidation(int Every, Func<ValidationScore> Validate)
{
    /// <summary>Whether to measure after <paramref name="step"/> of <paramref name="total"/>.</summary>
    public bool IsDueAfter(int step, int total) => Every > 0 && step % Every == 0 && step < total;
}
