namespace UNet3D.Lab.Silo.Datasets;

/// <summary>
/// A dataset's files written to the staging area (<see cref="DatasetVolumeFiles.Stage"/>), not yet in place: moved
/// into the dataset's folder by one rename, or removed when disposed without being moved.
/// </summary>
public sealed class StagedDatasetFiles : IDisposable
{
    private readonly string folder;
    private bool moved;

    internal StagedDatasetFiles(string folder, string sha256)
    {
        this.folder = folder;
        Sha256 = sha256;
    }

    /// <summary>The content hash of the voxels written (<see cref="DatasetInfo.Sha256"/>).</summary>
    public string Sha256 { get; }

    /// <summary>Renames the staging folder to <paramref name="destination"/>; from then on the files are the dataset's.</summary>
    public void MoveTo(string destination)
    {
        Directory.Move(folder, destination);
        moved = true;
    }

    public void Dispose()
    {
        if (!moved) DatasetVolumeFiles.DeleteQuietly(folder);
    }
}
