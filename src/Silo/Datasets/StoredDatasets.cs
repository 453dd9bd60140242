namespace UNet3D.Lab.Silo.Datasets;

/// <summary>
/// The datasets on disk: a record in the <see cref="DatasetCatalog"/> for each folder of <see cref="DatasetVolumeFiles"/>.
/// </summary>
/// <remarks>
/// <para>Writes are atomic: a dataset is written into a staging folder, renamed into place, and only then recorded;
/// any failure removes what was written, and a folder without a record (a crash between rename and record) is
/// removed when the datasets are first used. Loading checks the stored SHA-256.</para>
/// <para>The first use takes the folder's lock (<see cref="DatasetVolumeFiles.Lock"/>); when another process holds it,
/// every use fails with the same <see cref="InvalidOperationException"/>.</para>
/// </remarks>
public sealed class StoredDatasets : IDisposable
{
    private readonly DatasetVolumeFiles files;
    private readonly ILogger logger;
    private readonly Lazy<DatasetCatalog> catalog;

    public StoredDatasets(LabDatabase database, string root, ILogger logger)
    {
        this.logger = logger;
        files = new DatasetVolumeFiles(root, logger);
        catalog = new Lazy<DatasetCatalog>(() => OpenCatalog(database));
    }

    /// <summary>The folder holding one subfolder per stored dataset.</summary>
    public string Root => files.Root;

    private DatasetCatalog Catalog => catalog.Value;

    /// <summary>Takes the folder and removes leftovers, if not done yet; throws when another process holds the folder.</summary>
    public void Open() => _ = Catalog;

    public IReadOnlyList<DatasetInfo> All() => Catalog.All();

    public DatasetInfo? Find(string id) => Catalog.Find(id);

    public LabeledVolume Load(DatasetInfo info)
    {
        Open();
        return files.Read(info);
    }

    /// <summary>
    /// Reads a dataset the data silo stored in a shared folder; takes no lock (that silo holds it, and this one
    /// writes nothing). The stored SHA-256 is checked as always.
    /// </summary>
    public LabeledVolume ReadShared(DatasetInfo info) => files.Read(info);

    /// <summary>Writes voxels, thumbnails and record, all or nothing; the record as stored.</summary>
    public DatasetInfo Store(DatasetInfo template, LabeledVolume volume)
    {
        var records = Catalog;
        using var staged = files.Stage(volume, withLabelThumbnails: template.HasLabels);
        var histogram = DatasetContent.LabelHistogram(volume.Labels, volume.LabelSet);
        var info = template with
        {
            IsReady = true,
            LabeledVoxels = volume.Labels.LongLength - histogram[^1],
            ChannelStatistics = DatasetContent.ChannelStatistics(volume),
            LabelHistogram = histogram,
            Sha256 = staged.Sha256,
            CreatedAt = DateTimeOffset.UtcNow,
        };
        staged.MoveTo(files.FolderOf(info.Id));
        try
        {
            records.Add(info);
        }
        catch
        {
            files.Delete(info.Id);
            throw;
        }
        return info;
    }

    /// <summary>
    /// Removes whatever is stored under <paramref name="id"/>, current or not, files first: a record left without
    /// files is forgotten at the next start. False when there was nothing.
    /// </summary>
    public bool Remove(string id)
    {
        var records = Catalog;
        if (!records.Contains(id) && !files.Exists(id)) return false;
        files.DeleteNow(id);
        records.Remove(id);
        return true;
    }

    /// <summary>A thumbnail of a stored dataset (<see cref="DatasetThumbnails"/>); null when there is none.</summary>
    public byte[]? Thumbnail(string id, VolumeAxis axis, bool labels) =>
        Catalog.Find(id) is null ? null : files.Thumbnail(id, axis, labels);

    /// <summary>A staging folder for one upload's files; dispose it when the import is done.</summary>
    public DatasetUpload BeginUpload(long maxBytes)
    {
        Open();
        return files.BeginUpload(maxBytes);
    }

    public void Dispose() => files.Dispose();

    private DatasetCatalog OpenCatalog(LabDatabase database)
    {
        files.Lock();
        var records = new DatasetCatalog(database);
        foreach (var id in files.RemoveLeftovers(records.Ids()))
        {
            logger.LogWarning("Dataset {DatasetId} has no folder under {Root} any more; forgetting it", id, Root);
            records.Remove(id);
        }
        return records;
    }
}
