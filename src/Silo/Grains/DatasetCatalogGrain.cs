using Orleans.Concurrency;
using UNet3D.Lab.Silo.Datasets;
using UNet3D.Lab.Silo.Datasets.Annotations;

namespace UNet3D.Lab.Silo.Grains;

/// <summary>
/// Answers from the primary silo's <see cref="DatasetStore"/>. The store is synchronous file and LiteDB I/O (seconds
/// for a sample being generated), so every call runs on the thread pool, never on the grain's scheduler; the grain
/// keeps no state of its own, so calls interleave and a long generation holds up no listing.
/// </summary>
[PrimarySiloPlacement]
[Reentrant]
public sealed class DatasetCatalogGrain(DatasetStore store) : Grain, IDatasetCatalogGrain
{
    public Task<DatasetInfo[]> List() => Task.Run(() => store.List().ToArray());

    public Task<DatasetInfo?> Find(string id) => Task.Run(() => store.Find(id));

    public Task<DatasetInfo[]> FindEach(string[] ids) =>
        Task.Run(() => ids.Distinct(StringComparer.Ordinal).Select(store.Find).OfType<DatasetInfo>().ToArray());

    public Task<byte[]?> Thumbnail(string id, VolumeAxis axis, bool labels) => Task.Run(() => store.Thumbnail(id, axis, labels));

    public Task<DatasetInfo?> Materialise(string id) =>
        Task.Run(() => BuiltInPhantoms.IsPhantom(id) ? store.Materialise(id) : null);

    public Task<AnnotationWriteOutcome> PutAnnotation(string id, VolumeAxis axis, int index, byte[] png) =>
        Task.Run(() => store.PutAnnotation(id, axis, index, png));

    public Task<byte[]?> AnnotationPng(string id, VolumeAxis axis, int index) => Task.Run(() => store.AnnotationPng(id, axis, index));

    public Task<bool?> DeleteAnnotation(string id, VolumeAxis axis, int index) => Task.Run(() => store.DeleteAnnotation(id, axis, index));

    public Task<AnnotationSummary[]?> Annotations(string id) => Task.Run(() => store.Annotations(id)?.ToArray());
}
