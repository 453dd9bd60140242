using UNet3D.Lab.Silo.Grains;

namespace UNet3D.Lab.Silo.Datasets;

/// <summary>
/// On a silo that only trains: the records of the lab's datasets, asked of the silo that hosts them
/// (<see cref="IDatasetCatalogGrain"/>). Their voxels are read from the shared folder (<c>Lab:SharedDirectory</c>).
/// </summary>
public sealed class DatasetRecordLookup(IGrainFactory grains)
{
    /// <summary>
    /// The record of <paramref name="id"/>, or null. Blocks: called from a training thread (never an Orleans
    /// scheduler thread), which has nothing else to do until its data is there.
    /// </summary>
    public DatasetInfo? Find(string id) =>
        grains.GetGrain<IDatasetCatalogGrain>(IDatasetCatalogGrain.Key).Find(id).GetAwaiter().GetResult();
}
