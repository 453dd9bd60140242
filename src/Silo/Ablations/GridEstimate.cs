using System.Globalization;

namespace UNet3D.Lab.Silo.Ablations;

/// <summary>
/// How long a grid will take: each run's training steps at the seconds per step measured for its preset and model in
/// this lab (a run's time from start to finish over its steps, evaluation included), or a nominal figure for a 2-core
/// CPU where nothing of that kind has run yet, summed over the runs and divided among the training slots.
/// </summary>
public static class GridEstimate
{
    // Measured on a 2-core CPU (docs/engine.md, docs/results): the cpu preset's 3D step about 60 ms, 2D 9 ms, the
    // paper's network about 23 s; whole runs at smoke, with evaluation, about 0.1 s a step.
    private static double NominalSecondsPerStep(string preset, ModelKind model) => (preset, model) switch
    {
        ("paper", ModelKind.ThreeD) => 23,
        ("paper", _) => 1,
        (_, ModelKind.ThreeD) => 0.1,
        _ => 0.02,
    };

    /// <param name="measured">Seconds per step measured in this lab for a preset and model; null when none ran yet.</param>
    public static (double Seconds, string Basis) Of(IReadOnlyList<ExperimentSpec> configurations, int seeds, int slots,
        Func<string, ModelKind, double?> measured)
    {
        var rates = configurations.Select(c => (c.Preset, c.Model)).Distinct()
            .ToDictionary(k => k, k => (Measured: measured(k.Preset, k.Model), Nominal: NominalSecondsPerStep(k.Preset, k.Model)));
        var seconds = configurations.Sum(c => c.EffectiveIterations * (rates[(c.Preset, c.Model)].Measured ?? rates[(c.Preset, c.Model)].Nominal)) * seeds;
        var divisor = Math.Max(1, slots);
        var basis = string.Join("; ", rates.Select(r => string.Create(CultureInfo.InvariantCulture,
            $"{r.Key.Preset} {ModelNames.Of(r.Key.Model)}: {r.Value.Measured ?? r.Value.Nominal:0.###} s a step ({(r.Value.Measured is null ? "nominal, nothing of it has run here yet" : "measured here")})")));
        return (seconds / divisor, $"{basis}; {divisor} training slot{(divisor == 1 ? "" : "s")}");
    }
}
