using UNet3D.Lab.Silo.Datasets;
using UNet3D.Lab.Silo.Datasets.Annotations;

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

    /// <summary>Checks and stores an annotated slice (8-bit grayscale PNG), replacing what it held; nothing is stored when it is refused.</summary>
    Task<AnnotationWriteOutcome> PutAnnotation(string id, VolumeAxis axis, int index, byte[] png);

    /// <summary>An annotated slice as PNG; null when the dataset or the slice has none.</summary>
    Task<byte[]?> AnnotationPng(string id, VolumeAxis axis, int index);

    /// <summary>True when the slice's annotation was removed, false when it had none, null when there is no such dataset.</summary>
    Task<bool?> DeleteAnnotation(string id, VolumeAxis axis, int index);

    /// <summary>The dataset's annotated slices, by axis then index; null when there is no such dataset.</summary>
    Task<AnnotationSummary[]?> Annotations(string id);
}
