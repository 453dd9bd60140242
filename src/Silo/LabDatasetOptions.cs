namespace UNet3D.Lab.Silo;

/// <summary>The dataset store's limits (<c>Lab:Datasets</c>).</summary>
public sealed class LabDatasetOptions
{
    public const long GiB = 1L << 30;

    /// <summary>Largest upload of <c>POST /api/datasets</c> (the request body) and of the page's import form (the files).</summary>
    public long MaxUploadBytes { get; set; } = GiB;

    /// <summary>
    /// Largest image a dataset may hold, in values (voxels × channels), checked against the file's header before any
    /// voxel memory is allocated. The default, 2^29 values, is 2 GiB of float32.
    /// </summary>
    public long MaxImageValues { get; set; } = 1L << 29;

    /// <summary>Memory the store may keep loaded volumes in; the least recently used goes first.</summary>
    public long CacheBytes { get; set; } = GiB;

    /// <summary>Generate the tiny and cpu phantom samples in the background when the silo starts.</summary>
    public bool MaterialiseBuiltIns { get; set; } = true;
}
