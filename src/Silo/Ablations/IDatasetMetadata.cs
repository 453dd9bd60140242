using UNet3D.Lab.Experiments.Protocols;

namespace UNet3D.Lab.Silo.Ablations;

/// <summary>
/// What suites need to know of a dataset without loading its voxels: whether it exists, its size and annotated
/// planes (to expand a protocol) and a content hash (to reuse finished results). The built-in phantom is answered
/// by <see cref="PhantomDatasetMetadata"/>; the lab's dataset store registers its own implementation, which must
/// also answer for the phantom ids (e.g. by asking <see cref="PhantomDatasetMetadata"/> first).
/// </summary>
/// <remarks>Called off the grain scheduler (in <c>Task.Run</c>) and from API requests; it may read storage.</remarks>
public interface IDatasetMetadata
{
    /// <summary>
    /// A content hash of the dataset: any stable string that changes whenever its image, labels or spacing change
    /// (e.g. SHA-256 of the stored files); null when no dataset has this id.
    /// </summary>
    string? Fingerprint(string datasetId);

    /// <summary>Size and, for a sparse dataset, annotated planes per axis (x, y, z); null when no dataset has this id.</summary>
    DatasetGeometry? Geometry(string datasetId);
}
