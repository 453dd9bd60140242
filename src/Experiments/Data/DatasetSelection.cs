namespace UNet3D.Lab.Experiments.Data;

/// <summary>
/// One dataset an experiment uses, by id, and how many planes (x, y, z: the paper's yz, xz and xy) of it are
/// annotated; null takes the experiment's default counts.
/// </summary>
public sealed record DatasetSelection(string Id, IReadOnlyList<int>? AnnotatedSlices = null);
