namespace UNet3D.Lab.Silo.Datasets;

/// <summary>
/// The datasets' folder: one subfolder per stored dataset, named by its id, with the voxels as raw files
/// (<see cref="ImageFileName"/>, <see cref="LabelsFileName"/>; see <see cref="RawVolumeFiles"/>) and the middle-slice
/// thumbnails; a staging area where writes and uploads are assembled before a rename puts them in place; and a lock
/// file that keeps every other process out.
/// </summary>
/// <remarks>Everything here is synchronous file I/O: call it off Orleans scheduler threads and request threads.</remarks>
public sealed class DatasetVolumeFiles(string root, ILogger logger) : IDisposable
{
    public const string StagingFolderName = ".staging";
    public const string LockFileName = ".lock";
    public const string ImageFileName = "image.f32";
    public const string LabelsFileName = "labels.u8";

    private FileStream? lockFile;

    /// <summary>The folder holding one subfolder per stored dataset.</summary>
    public string Root { get; } = root;

    private string StagingRoot => Path.Combine(Root, StagingFolderName);

    /// <summary>
    /// Takes the folder for this process until <see cref="Dispose"/>. One process owns a data directory's datasets:
    /// LiteDB's own file sharing does not stop a second process on Linux, and <see cref="RemoveLeftovers"/> must never
    /// remove another process's upload or write in progress.
    /// </summary>
    public void Lock()
    {
        Directory.CreateDirectory(Root);
        try
        {
            lockFile ??= new FileStream(Path.Combine(Root, LockFileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
        }
        catch (IOException e)
        {
            throw new InvalidOperationException(
                $"{Root} is in use by another process of the lab (a running lab, another 'data import', or a silo started from the same folder); stop it, import through that lab's API (POST /api/datasets), or give this process its own Lab:DataDirectory.", e);
        }
    }

    /// <summary>
    /// Empties the staging area (uploads and writes a crash interrupted) and removes the dataset folders without a
    /// record (a crash between rename and record). Returns the recorded ids whose folder is gone.
    /// </summary>
    public IReadOnlyList<string> RemoveLeftovers(IReadOnlySet<string> recordedIds)
    {
        if (Directory.Exists(StagingRoot))
        {
            foreach (var leftover in Directory.EnumerateFileSystemEntries(StagingRoot)) DeleteQuietly(leftover);
        }
        foreach (var folder in Directory.EnumerateDirectories(Root))
        {
            var name = Path.GetFileName(folder);
            if (name.StartsWith('.') || recordedIds.Contains(name)) continue;
            logger.LogWarning("Removing {Folder}: a dataset folder without a record (an interrupted write)", folder);
            DeleteQuietly(folder);
        }
        return [.. recordedIds.Where(id => !Directory.Exists(FolderOf(id)))];
    }

    public bool Exists(string id) => Directory.Exists(FolderOf(id));

    /// <summary>
    /// Writes a volume's voxels (hashed on the way) and thumbnails into a new staging folder; the caller moves it into
    /// place with <see cref="StagedDatasetFiles.MoveTo"/> or disposes it to drop it.
    /// </summary>
    public StagedDatasetFiles Stage(LabeledVolume volume, bool withLabelThumbnails)
    {
        var staging = Path.Combine(StagingRoot, "write-" + Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(staging);
            using var hash = RawVolumeFiles.StartHash(volume.Shape, volume.Channels);
            RawVolumeFiles.WriteFloats(Path.Combine(staging, ImageFileName), volume.Image, hash);
            RawVolumeFiles.WriteBytes(Path.Combine(staging, LabelsFileName), volume.Labels, hash);
            var sha = RawVolumeFiles.Finish(hash);
            foreach (var axis in new[] { VolumeAxis.X, VolumeAxis.Y, VolumeAxis.Z })
            {
                File.WriteAllBytes(Path.Combine(staging, ThumbnailFileName(axis, labels: false)), DatasetThumbnails.Image(volume, axis));
                if (withLabelThumbnails)
                    File.WriteAllBytes(Path.Combine(staging, ThumbnailFileName(axis, labels: true)), DatasetThumbnails.Labels(volume, axis));
            }
            return new StagedDatasetFiles(staging, sha);
        }
        catch
        {
            DeleteQuietly(staging);
            throw;
        }
    }

    /// <summary>The folder of dataset <paramref name="id"/> (an id is always a safe folder name, see <see cref="DatasetIds"/>).</summary>
    public string FolderOf(string id) => Path.Combine(Root, id);

    /// <summary>Removes a dataset's folder; failures are left for <see cref="RemoveLeftovers"/> at the next start.</summary>
    public void Delete(string id) => DeleteQuietly(FolderOf(id));

    /// <summary>Removes a dataset's folder, failing loudly (a stale built-in sample about to be written again).</summary>
    public void DeleteNow(string id)
    {
        if (Directory.Exists(FolderOf(id))) Directory.Delete(FolderOf(id), recursive: true);
    }

    /// <summary>The voxels of a stored dataset, checked against its recorded SHA-256: a damaged file is an error, never a different volume.</summary>
    public LabeledVolume Read(DatasetInfo info)
    {
        var folder = FolderOf(info.Id);
        var shape = info.Shape;
        using var hash = RawVolumeFiles.StartHash(shape, info.Channels);
        var image = RawVolumeFiles.ReadFloats(Path.Combine(folder, ImageFileName), checked((int)(shape.VoxelCount * info.Channels)), hash);
        var labels = RawVolumeFiles.ReadBytes(Path.Combine(folder, LabelsFileName), checked((int)shape.VoxelCount), hash);
        var sha = RawVolumeFiles.Finish(hash);
        if (!string.Equals(sha, info.Sha256, StringComparison.Ordinal))
            throw new InvalidDataException($"Dataset '{info.Id}': the voxels in {folder} do not match their recorded SHA-256 (recorded {info.Sha256}, found {sha}); the files were changed or damaged.");
        return new LabeledVolume(info.Name, shape, info.Channels, image, labels, (info.SpacingX, info.SpacingY, info.SpacingZ), info.SpacingUnit, info.LabelSet);
    }

    /// <summary>Bytes of a stored thumbnail PNG (<see cref="DatasetThumbnails"/>); null when there is none.</summary>
    public byte[]? Thumbnail(string id, VolumeAxis axis, bool labels)
    {
        try
        {
            return File.ReadAllBytes(Path.Combine(FolderOf(id), ThumbnailFileName(axis, labels)));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>A staging folder for one upload's files, removed when the upload is disposed (or at the next start).</summary>
    public DatasetUpload BeginUpload(long maxBytes) =>
        new(Path.Combine(StagingRoot, "upload-" + Guid.NewGuid().ToString("N")), maxBytes);

    public void Dispose()
    {
        lockFile?.Dispose();
        lockFile = null;
    }

    internal static void DeleteQuietly(string path)
    {
        try
        {
            if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
            else if (File.Exists(path)) File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static string ThumbnailFileName(VolumeAxis axis, bool labels) =>
        (labels ? "labels-" : "image-") + axis.ToString().ToLowerInvariant() + ".png";
}
