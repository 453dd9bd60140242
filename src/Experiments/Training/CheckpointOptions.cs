namespace UNet3D.Lab.Experiments.Training;

/// <summary>Where and how often a run saves itself. A checkpoint is also written after the last step.</summary>
/// <param name="BeforeCommit">
/// Called on the training thread with the checkpoint's step once the new checkpoint is on the disk and before it
/// replaces the previous one; the progress of that step and of every step before it has been reported. The place
/// to make those steps' records durable, so that a run resumed from this checkpoint has all its earlier steps
/// recorded. Throwing keeps the previous checkpoint and ends the training with that exception.
/// </param>
public sealed record CheckpointOptions(string Path, int Interval, Action<int>? BeforeCommit = null)
{
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Path)) throw new ArgumentException("Checkpoint path must not be empty.", nameof(Path));
        if (Interval < 1) throw new ArgumentException($"Checkpoint interval must be at least 1 step, not {Interval}.", nameof(Interval));
    }
}
