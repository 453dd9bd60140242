namespace UNet3D.Lab.Silo.Datasets;

/// <summary>What an import through the upload grain came to: the stored dataset, or the problem that refused it (nothing stored).</summary>
[GenerateSerializer, Immutable]
public sealed record DatasetImportOutcome([property: Id(0)] DatasetInfo? Dataset, [property: Id(1)] DatasetImportProblem? Problem);
