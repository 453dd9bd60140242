namespace UNet3D.Lab.Silo.Datasets;

/// <summary>A file a dataset was imported from: its role (image or labels), name as given, format and voxel type.</summary>
/// <remarks>The name is only ever shown, never used as a path: the store's files are named by the dataset's id.</remarks>
[GenerateSerializer, Immutable]
public sealed record DatasetSourceFile(
    [property: Id(0)] string Role,
    [property: Id(1)] string FileName,
    [property: Id(2)] string Format,
    [property: Id(3)] string DataType,
    [property: Id(4)] long Bytes);
