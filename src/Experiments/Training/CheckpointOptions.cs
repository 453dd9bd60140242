namespace UNet3D.Lab.Experiments.Training;

/// <summary>Where and how often a run saves itself. A checkpoint is also written after the last step.</summary>
public sealed record CheckpointOptions(string Path, int Interval)
{
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Path)) throw new ArgumentException("Checkpoint path must not be empty.", nameof(Path));
        if (Interval < 1) throw new ArgumentException($"Checkpoint interval must be at least 1 step, not {Interval}.", nameof(Interval));
    }
}
