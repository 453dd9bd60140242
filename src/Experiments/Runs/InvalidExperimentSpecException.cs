namespace UNet3D.Lab.Experiments.Runs;

public sealed class InvalidExperimentSpecException(IReadOnlyList<SpecProblem> problems)
    : ArgumentException("Invalid experiment: " + string.Join("; ", problems))
{
    public IReadOnlyList<SpecProblem> Problems { get; } = problems;
}
