namespace UNet3D.Lab.Web.Compare;

/// <summary>
/// A group of a compare view with its colour and runs; when the view is not grouped, every run is a group of its own
/// (<see cref="RunGroup.Field"/> "run").
/// </summary>
public sealed record CompareGroup(RunGroup Group, string Color, IReadOnlyList<CompareRun> Runs)
{
    public bool IsSingleRun => Group.Field == RunGroup.RunField;

    /// <summary>The group's value of the grouped field ("3d"); a single run's id.</summary>
    public string Value => Group.Value;

    /// <summary>"model=3d (n=2)" for a group, the label of a single run.</summary>
    public string Name => IsSingleRun ? Runs[0].Label : $"{Group.Label} (n={Runs.Count})";
}
