namespace UNet3D.Lab.Silo.Datasets.Annotations;

/// <summary>One annotated slice of a dataset: where it is, how many of its pixels carry a class, how many per class, and when it was saved.</summary>
[GenerateSerializer, Immutable]
public sealed record AnnotationSummary(
    [property: Id(0)] VolumeAxis Axis,
    [property: Id(1)] int Index,
    [property: Id(2)] long AnnotatedVoxels,
    [property: Id(3)] long[] ClassVoxels,
    [property: Id(4)] DateTimeOffset UpdatedAt);
