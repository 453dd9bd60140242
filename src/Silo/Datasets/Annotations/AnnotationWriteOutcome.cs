namespace UNet3D.Lab.Silo.Datasets.Annotations;

/// <summary>
/// What saving an annotated slice came to: the slice as stored, or the problems that refused it (nothing stored), or
/// <see cref="DatasetMissing"/> when there is no such dataset.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record AnnotationWriteOutcome(
    [property: Id(0)] AnnotationSummary? Slice,
    [property: Id(1)] DatasetImportProblem[] Problems,
    [property: Id(2)] bool DatasetMissing = false);
