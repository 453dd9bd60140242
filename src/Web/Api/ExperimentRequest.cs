namespace UNet3D.Lab.Web.Api;

/// <summary>Body of <c>POST /api/experiments</c>. Only <see cref="Model"/> is required.</summary>
public sealed record ExperimentRequest
{
    public string? Name { get; init; }

    /// <summary>"3d" or "2d".</summary>
    public string? Model { get; init; }

    public bool? BatchNorm { get; init; }

    /// <summary>Annotated slices per axis (x, y, z), i.e. yz, xz and xy planes.</summary>
    public int[]? AnnotatedSlices { get; init; }

    public string? Preset { get; init; }
    public int? Seed { get; init; }
    public int? Iterations { get; init; }

    /// <summary>On-the-fly augmentation; the preset's default when absent.</summary>
    public bool? Augment { get; init; }

    /// <summary>Datasets to train on (ids, or {id, annotatedSlices}); absent: the preset's built-in phantom.</summary>
    public DatasetReference[]? Datasets { get; init; }

    /// <summary>Datasets only measured on (fully automated).</summary>
    public DatasetReference[]? TestDatasets { get; init; }
}
