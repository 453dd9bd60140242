using UNet3D.Lab.Experiments.Protocols;
using UNet3D.Lab.Silo.Ablations;

namespace UNet3D.Lab.Silo.Datasets;

/// <summary>
/// Suites' view of the lab's datasets: the phantom ids from their generator, every imported dataset from the store's
/// record (its SHA-256 as fingerprint) and, for a sparse one, the planes it annotated (which needs its voxels once).
/// </summary>
public sealed class StoredDatasetMetadata(DatasetStore store) : IDatasetMetadata
{
    private static readonly PhantomDatasetMetadata Phantom = new();

    public string? Fingerprint(string datasetId) =>
        Phantom.Fingerprint(datasetId) ?? (store.Find(datasetId) is { HasTrainingLabels: true, Sha256: { } hash }
            ? $"{datasetId}@sha256:{hash}" + (store.AnnotationFingerprint(datasetId) is { } annotated ? $"+annotations:{annotated}" : "")
            : null);

    public DatasetGeometry? Geometry(string datasetId)
    {
        if (Phantom.Geometry(datasetId) is { } phantom) return phantom;
        if (store.Find(datasetId) is not { HasTrainingLabels: true } info) return null;
        return info.LabelKind == DatasetLabelKind.Dense
            ? new DatasetGeometry(datasetId, info.Shape)
            : DatasetGeometry.Of(datasetId, store.Load(datasetId));
    }
}
