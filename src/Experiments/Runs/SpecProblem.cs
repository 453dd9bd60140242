namespace UNet3D.Lab.Experiments.Runs;

/// <summary>One reason a spec is invalid; <see cref="Field"/> is the JSON name of the offending field.</summary>
public sealed record SpecProblem(string Field, string Message)
{
    public override string ToString() => $"{Field}: {Message}";
}
