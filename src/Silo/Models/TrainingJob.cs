using UNet3D.Lab.Experiments.Presets;

namespace UNet3D.Lab.Silo.Models;

/// <summary>A queued request to train one experiment; <see cref="Attempt"/> tells stale jobs from current ones.</summary>
[GenerateSerializer, Immutable]
public sealed record TrainingJob([property: Id(0)] string ExperimentId, [property: Id(1)] ExperimentSpec Config, [property: Id(2)] int Attempt)
{
    /// <summary>Whether <paramref name="slot"/> can train it: a preset meant for GPUs (<c>paper</c>) waits for a GPU slot; the rest run anywhere.</summary>
    public bool FitsOn(WorkerSlot slot) => slot.HasGpu || !ExperimentPresets.Get(Config.Preset).NeedsGpu;
}
