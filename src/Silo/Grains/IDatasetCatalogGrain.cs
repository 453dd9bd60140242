using UNet3D.Lab.Silo.Datasets;

namespace UNet3D.Lab.Silo.Grains;

/// <summary>
/// The lab's datasets as clients see them (the web app, which may run apart from the silos): list, look up, show
/// thumbnails and generate built-in samples. One per lab (key <see cref="Key"/>), on the primary silo, which owns the
/// dataset store; imports go through <see cref="IDatasetUploadGrain"/>.
/// </summary>
public interface IDatasetCatalogGrain : IGrainWithStringKey
{
    public const string Key = "lab";

    /// <summary>Built-in samples first (stored or not), then imports, newest first.</summary>
    Task<DatasetInfo[]> List();

    /// <summary>The dataset with this id; a built-in one even before it is stored (<see cref="DatasetInfo.IsReady"/> false); null when there is none.</summary>
    Task<DatasetInfo?> Find(string id);

    /// <summary>The datasets among <paramref name="ids"/> that exist, in the order asked, each once.</summary>
    Task<DatasetInfo[]> FindEach(string[] ids);

    /// <summary>A stored middle-slice thumbnail (PNG); null when the dataset is not stored or has no labels to show.</summary>
    Task<byte[]?> Thumbnail(string id, VolumeAxis axis, bool labels);

    /// <summary>Generates and stores a built-in sample now (the paper's take about 20 s); its record, or null for an id that is not a built-in sample.</summary>
    Task<DatasetInfo?> Materialise(string id);
}
