using UNet3D.Lab.Experiments.Data.Formats;

namespace UNet3D.Lab.Silo.Datasets;

/// <summary>
/// What the store knows of one dataset: shape, channels, spacing, where it came from, its labels and statistics.
/// A built-in phantom sample that has not been generated yet is listed too, with <see cref="IsReady"/> false and only
/// what its id determines (shape, channels, spacing, dense labels).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record DatasetInfo
{
    [Id(0)] public required string Id { get; init; }
    [Id(1)] public required string Name { get; init; }

    /// <summary>A phantom sample the lab provides (<see cref="PhantomDatasets"/>), not an import.</summary>
    [Id(2)] public bool BuiltIn { get; init; }

    /// <summary>False for a built-in sample whose voxels are not stored yet (generated on first use).</summary>
    [Id(3)] public bool IsReady { get; init; }

    [Id(4)] public required int X { get; init; }
    [Id(5)] public required int Y { get; init; }
    [Id(6)] public required int Z { get; init; }
    [Id(7)] public required int Channels { get; init; }

    /// <summary>Voxel size along x, y and z, as the source file states it, in <see cref="SpacingUnit"/> (µm for the phantom).</summary>
    [Id(8)] public required double SpacingX { get; init; }
    [Id(9)] public required double SpacingY { get; init; }
    [Id(10)] public required double SpacingZ { get; init; }

    [Id(11)] public DatasetSourceFile[] Files { get; init; } = [];
    [Id(12)] public DatasetLabelKind LabelKind { get; init; }

    /// <summary>For sparse labels: the value that meant "unlabeled" in the source file (stored as <see cref="LabelSet"/>'s).</summary>
    [Id(13)] public int? UnlabeledValue { get; init; }

    [Id(14)] public long LabeledVoxels { get; init; }
    [Id(15)] public ChannelStatistics[] ChannelStatistics { get; init; } = [];

    /// <summary>Voxels per class in label order, then the unlabeled voxels (one more entry than <see cref="LabelSet"/> has classes).</summary>
    [Id(16)] public long[] LabelHistogram { get; init; } = [];

    /// <summary>
    /// SHA-256 (hex) of the stored content: x, y, z and channels as little-endian int32, the image as little-endian
    /// float32 (C, Z, Y, X), then the labels as bytes (Z, Y, X). Equal hashes mean equal volumes.
    /// </summary>
    [Id(17)] public string? Sha256 { get; init; }

    [Id(18)] public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>
    /// For a built-in phantom sample, the engine version whose generator made it: a sample stored by another version
    /// is made again, since results are keyed by the engine version, not by the stored voxels.
    /// </summary>
    [Id(19)] public string? PhantomVersion { get; init; }

    /// <summary>
    /// The unit of <see cref="SpacingX"/>, <see cref="SpacingY"/> and <see cref="SpacingZ"/>: the source file's, never
    /// converted. Records stored before the unit was recorded lack the field and read as µm, the unit the lab then
    /// converted every spacing to (and assumed for files that named none).
    /// </summary>
    [Id(20)] public SpatialUnit SpacingUnit { get; init; } = SpatialUnit.Micron;

    /// <summary>
    /// The source's voxel-to-world matrix (4×4, row-major, in <see cref="SpacingUnit"/>) for an imported NIfTI file: its
    /// sform, else its qform. Null when the source stated none (TIFF, HDF5, the phantom): the spacing's diagonal.
    /// </summary>
    [Id(21)] public double[]? Affine { get; init; }

    /// <summary>
    /// Slices annotated in the browser; counted from the dataset's folder whenever the record is read, never stored in
    /// it (the slices are, see <c>DatasetAnnotations</c>).
    /// </summary>
    [Id(30)] public int AnnotatedSlices { get; init; }

    /// <summary>
    /// The class names in label order, as the import declared them; null for the phantom and for records stored
    /// before imports declared classes, which hold the paper's three (<see cref="LabelSet"/>).
    /// </summary>
    [Id(22)] public string[]? Classes { get; init; }

    /// <summary>The classes its labels name (the paper's when <see cref="Classes"/> is null) and the stored unlabeled value.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public LabelSet LabelSet => Classes is { } names ? new LabelSet(names) : LabelSet.Paper;

    public VolumeShape Shape => new(Z, Y, X);

    public long Voxels => Shape.VoxelCount;

    /// <summary>Imported with labels.</summary>
    public bool HasLabels => LabelKind != DatasetLabelKind.None;

    /// <summary>Something to learn from: imported labels or slices annotated in the browser.</summary>
    public bool HasTrainingLabels => HasLabels || AnnotatedSlices > 0;

    /// <summary>The value that marks "not annotated" in the labels the lab serves: the import's, else the stored one once slices of an unlabelled volume are annotated.</summary>
    public int? ServedUnlabeledValue => UnlabeledValue ?? (LabelKind == DatasetLabelKind.None && AnnotatedSlices > 0 ? LabelSet.Unlabeled : null);
}
