using UNet3D.Lab.Silo.Datasets;

namespace UNet3D.Lab.Web.Services;

/// <summary>
/// What the pages and the HTTP API do with datasets, in one place: list and find them, and import uploads. Imports
/// and generation run on the thread pool, never on a request's or a circuit's thread.
/// </summary>
public sealed class DatasetClient(DatasetStore store)
{
    public long MaxUploadBytes => store.Limits.MaxUploadBytes;

    public IReadOnlyList<DatasetInfo> List() => store.List();

    public DatasetInfo? Find(string id) => store.Find(id);

    public byte[]? Thumbnail(string id, Experiments.Data.VolumeAxis axis, bool labels) => store.Thumbnail(id, axis, labels);

    /// <summary>A staging area for one upload's files (streamed to disk, counted against <see cref="MaxUploadBytes"/>).</summary>
    public DatasetUpload BeginUpload() => store.BeginUpload(MaxUploadBytes);

    /// <summary>Checks and stores what <paramref name="upload"/> received; refusals are <see cref="DatasetImportException"/>s.</summary>
    public Task<DatasetInfo> Import(DatasetUpload upload, string? name, string? labelKind, string? unlabeledValue, CancellationToken cancellation = default)
    {
        var request = upload.Request(name, labelKind, unlabeledValue);
        return Task.Run(() => store.Import(request, cancellation), cancellation);
    }

    /// <summary>Generates and stores a built-in sample now (the paper's take about 20 s).</summary>
    public Task<DatasetInfo> Materialise(string id) => Task.Run(() => store.Materialise(id));
}
