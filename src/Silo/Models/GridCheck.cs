namespace UNet3D.Lab.Silo.Models;

/// <summary>What a grid would run: its runs and the configurations of its cells, or the problems that stop it.</summary>
[GenerateSerializer, Immutable]
public sealed record GridCheck(
    [property: Id(0)] int Runs,
    [property: Id(1)] int Cells,
    [property: Id(2)] ExperimentSpec[] Configurations,
    [property: Id(3)] SpecProblem[] Problems);
