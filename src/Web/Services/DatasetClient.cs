using Microsoft.Extensions.Options;
using UNet3D.Lab.Silo;
using UNet3D.Lab.Silo.Datasets;
using UNet3D.Lab.Silo.Datasets.Annotations;
using UNet3D.Lab.Silo.Grains;

namespace UNet3D.Lab.Web.Services;

/// <summary>
/// What the pages and the HTTP API do with datasets, through the dataset grains only (<see cref="IDatasetCatalogGrain"/>,
/// <see cref="IDatasetUploadGrain"/>), so the web app works as a plain client of a remote cluster. The grains do the
/// file work on the primary silo's thread pool.
/// </summary>
public sealed class DatasetClient(IGrainFactory grains, IOptions<LabOptions> options)
{
    /// <summary>The largest upload (<c>Lab:Datasets:MaxUploadBytes</c>); the upload grain holds every upload to it.</summary>
    public long MaxUploadBytes => options.Value.Datasets.MaxUploadBytes;

    private IDatasetCatalogGrain Catalog => grains.GetGrain<IDatasetCatalogGrain>(IDatasetCatalogGrain.Key);

    /// <summary>Built-in samples first (stored or not), then imports, newest first.</summary>
    public async Task<IReadOnlyList<DatasetInfo>> List() => await Catalog.List();

    public Task<DatasetInfo?> Find(string id) => Catalog.Find(id);

    /// <summary>The datasets among <paramref name="ids"/> that exist, by id.</summary>
    public async Task<IReadOnlyDictionary<string, DatasetInfo>> Find(IEnumerable<string> ids)
    {
        var asked = ids.Where(id => !string.IsNullOrWhiteSpace(id)).Distinct(StringComparer.Ordinal).ToArray();
        if (asked.Length == 0) return new Dictionary<string, DatasetInfo>();
        return (await Catalog.FindEach(asked)).ToDictionary(d => d.Id, StringComparer.Ordinal);
    }

    public Task<byte[]?> Thumbnail(string id, VolumeAxis axis, bool labels) => Catalog.Thumbnail(id, axis, labels);

    /// <summary>Generates and stores a built-in sample now (the paper's take about 20 s); null for an id that is not one.</summary>
    public Task<DatasetInfo?> Materialise(string id) => Catalog.Materialise(id);

    /// <summary>Checks and stores an annotated slice; the problems and nothing stored when it is refused.</summary>
    public Task<AnnotationWriteOutcome> PutAnnotation(string id, VolumeAxis axis, int index, byte[] png) => Catalog.PutAnnotation(id, axis, index, png);

    public Task<byte[]?> AnnotationPng(string id, VolumeAxis axis, int index) => Catalog.AnnotationPng(id, axis, index);

    public Task<bool?> DeleteAnnotation(string id, VolumeAxis axis, int index) => Catalog.DeleteAnnotation(id, axis, index);

    public Task<AnnotationSummary[]?> Annotations(string id) => Catalog.Annotations(id);

    /// <summary>A new upload: send its files, then import them (or dispose it to drop them).</summary>
    public DatasetUploadClient BeginUpload() => new(grains.GetGrain<IDatasetUploadGrain>(Guid.NewGuid()));
}
