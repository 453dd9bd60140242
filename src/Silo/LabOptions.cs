namespace UNet3D.Lab.Silo;

/// <summary>The <c>Lab</c> configuration section (environment: <c>Lab__DataDirectory</c>, <c>Lab__WorkerSlots</c>, …).</summary>
public sealed class LabOptions
{
    public const string Section = "Lab";

    /// <summary>Folder of the LiteDB file; relative paths are resolved against the working directory.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Experiments this silo trains at once. One on a CPU: a second run would only share the same cores.</summary>
    public int WorkerSlots { get; set; } = 1;

    /// <summary>auto (CUDA when available, else CPU), cpu, cuda or cuda:N.</summary>
    public string Device { get; set; } = "auto";

    /// <summary>
    /// Threads libtorch splits one operation of a training run over, in each slot; 0 takes libtorch's choice (the
    /// physical cores). Every run sets it on its own thread. float32 results depend on it: the same experiment
    /// trained with another count gives other numbers (docs/engine.md, "Determinism"). On a machine shared with
    /// other work, or with several slots, 1 per slot avoids threads waiting for each other.
    /// </summary>
    public int TorchThreads { get; set; }

    /// <summary>How often an idle worker asks the queue for work.</summary>
    public TimeSpan WorkerPollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How often a running worker sends its curve points (and learns of a cancel).</summary>
    public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How often a running suite looks at its experiments' progress.</summary>
    public TimeSpan AblationPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Steps between checkpoints of a running experiment (under <c>{DataDirectory}/checkpoints</c>). An experiment
    /// interrupted by a restart continues from its last checkpoint; the final one is the trained model.
    /// </summary>
    public int CheckpointInterval { get; set; } = 200;

    /// <summary>
    /// How long a slot holds its job without renewing it (it renews every third of this). A job whose lease
    /// expires, or whose slot's silo the cluster declares dead, resumes from its checkpoint on another slot.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// A folder every silo of the cluster reaches (a network share, or one folder for silos on one machine) holding the
    /// stored datasets' voxels and the checkpoints, so a run can train, and resume, on any silo. Empty: both live under
    /// <see cref="DataDirectory"/>, which serves one machine's lab.
    /// </summary>
    public string? SharedDirectory { get; set; }

    /// <summary>
    /// Longest run, in hours, the lab accepts without <c>"force": true</c>: a submission whose estimated training time
    /// on this lab's slots is longer is refused with the estimate.
    /// </summary>
    public double MaxRunHours { get; set; } = 72;

    public LabClusterOptions Cluster { get; set; } = new();

    public LabDatasetOptions Datasets { get; set; } = new();

    /// <summary>The run's checkpoint file; an id that could leave the folder (<c>../</c>, a separator) is refused.</summary>
    public string CheckpointPath(string experimentId) =>
        !ExperimentIds.IsValid(experimentId)
            ? throw new ArgumentException($"Experiment id '{experimentId}' is not valid: 1 to 64 letters, digits, '-' or '_'.", nameof(experimentId))
            : Path.Combine(SharedRoot, "checkpoints", experimentId + ".ckpt");

    /// <summary>A run's predictions and probabilities (NIfTI, computed from its final checkpoint on first request).</summary>
    public string PredictionsDirectory(string experimentId) =>
        Path.Combine(SharedRoot, "predictions", experimentId);

    /// <summary>Folder of the stored datasets' voxels, one subfolder per dataset id.</summary>
    public string DatasetsDirectory => Path.Combine(SharedRoot, "datasets");

    /// <summary>Where datasets and checkpoints live: <see cref="SharedDirectory"/> when set, else <see cref="DataDirectory"/>.</summary>
    private string SharedRoot => Path.GetFullPath(string.IsNullOrWhiteSpace(SharedDirectory) ? DataDirectory : SharedDirectory);
}
