using UNet3D.Lab.Experiments.Protocols;

namespace UNet3D.Lab.Silo.Ablations;

/// <summary>
/// The built-in phantom datasets (<c>phantom-tiny-s1</c> … <c>phantom-paper-s3</c>): geometry from the id alone, and a
/// fingerprint of what generates them (variant, sample, seed). The generator's code is covered by
/// <see cref="Experiments.EngineVersion"/>, which must be bumped when the phantom changes.
/// </summary>
public sealed class PhantomDatasetMetadata : IDatasetMetadata
{
    public string? Fingerprint(string datasetId) =>
        PhantomDatasets.TryParse(datasetId, out _, out _) ? $"{datasetId}@seed{PhantomDatasets.Seed}" : null;

    public DatasetGeometry? Geometry(string datasetId) => DatasetGeometry.Phantom(datasetId);
}
