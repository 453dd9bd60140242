using System.Globalization;
using System.Security.Cryptography;

namespace UNet3D.Lab.Silo.Datasets.Annotations;

/// <summary>
/// Slices annotated in the browser, as files beside the dataset's voxels: <c>{dataset folder}/annotations/{axis}-{index}.u8</c>
/// holding the slice's pixels (<see cref="AnnotationPlane"/>'s layout, class index or
/// <see cref="AnnotationClasses.NotAnnotated"/>). Files rather than database records, so a silo that trains from the
/// shared folder reads them as it reads the voxels.
/// </summary>
/// <remarks>
/// A slice is written to a temporary file in the same folder and renamed over the old one: a reader sees the old slice
/// or the new one, never half of one. Synchronous file I/O: call it off Orleans scheduler threads.
/// </remarks>
public sealed class DatasetAnnotations(string root)
{
    public const string FolderName = "annotations";
    private const string Extension = ".u8";

    public string FolderOf(string datasetId) => Path.Combine(root, datasetId, FolderName);

    /// <summary>Replaces the slice's pixels; its summary as stored.</summary>
    public AnnotationSummary Write(string datasetId, AnnotationPlane plane, byte[] pixels, int classCount)
    {
        if (pixels.Length != plane.Pixels) throw new ArgumentException($"Slice {plane.AxisName}={plane.Index} needs {plane.Pixels} pixels, not {pixels.Length}.", nameof(pixels));
        var folder = FolderOf(datasetId);
        Directory.CreateDirectory(folder);
        var target = FileOf(datasetId, plane.Axis, plane.Index);
        var temporary = Path.Combine(folder, $".{Guid.NewGuid():N}.partial");
        try
        {
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                file.Write(pixels);
                file.Flush(flushToDisk: true);
            }
            File.Move(temporary, target, overwrite: true);
        }
        catch
        {
            DatasetVolumeFiles.DeleteQuietly(temporary);
            throw;
        }
        return Summarise(plane.Axis, plane.Index, pixels, classCount, File.GetLastWriteTimeUtc(target));
    }

    /// <summary>The slice's pixels; null when it is not annotated.</summary>
    public byte[]? Read(string datasetId, VolumeAxis axis, int index) => TryRead(FileOf(datasetId, axis, index));

    /// <summary>False when the slice was not annotated.</summary>
    public bool Delete(string datasetId, VolumeAxis axis, int index)
    {
        var file = FileOf(datasetId, axis, index);
        if (!File.Exists(file)) return false;
        File.Delete(file);
        return true;
    }

    public int Count(string datasetId) => Slices(datasetId).Count();

    /// <summary>Every annotated slice, ordered by axis (x, y, z) then index.</summary>
    public IReadOnlyList<AnnotationSummary> List(string datasetId, int classCount) =>
        [.. Slices(datasetId).Select(s => (s, Pixels: TryRead(s.Path))).Where(s => s.Pixels is not null)
            .Select(s => Summarise(s.s.Axis, s.s.Index, s.Pixels!, classCount, File.GetLastWriteTimeUtc(s.s.Path)))];

    /// <summary>A hash of every annotated slice's place and pixels; null when there is none.</summary>
    public string? Fingerprint(string datasetId)
    {
        var slices = Slices(datasetId).ToArray();
        if (slices.Length == 0) return null;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var slice in slices)
        {
            if (TryRead(slice.Path) is not { } pixels) continue;
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(Path.GetFileName(slice.Path)));
            hash.AppendData(pixels);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>
    /// <paramref name="volume"/> with every annotated pixel written over its labels (unannotated pixels keep what the
    /// import said); the volume itself when nothing is annotated. A slice that no longer fits the volume is an error.
    /// </summary>
    public LabeledVolume Apply(string datasetId, LabeledVolume volume)
    {
        var slices = Slices(datasetId).ToArray();
        if (slices.Length == 0) return volume;
        var labels = (byte[])volume.Labels.Clone();
        foreach (var slice in slices)
        {
            var plane = new AnnotationPlane(slice.Axis, slice.Index, volume.Shape);
            if (TryRead(slice.Path) is not { } pixels) continue;
            if (!plane.InRange || pixels.Length != plane.Pixels)
                throw new InvalidDataException($"Dataset '{datasetId}': {slice.Path} does not fit a slice of its {volume.Shape} volume.");
            for (var row = 0; row < plane.Height; row++)
            for (var column = 0; column < plane.Width; column++)
            {
                var value = pixels[row * plane.Width + column];
                if (value != AnnotationClasses.NotAnnotated) labels[plane.VoxelOf(column, row)] = value;
            }
        }
        return new LabeledVolume(volume.Name, volume.Shape, volume.Channels, volume.Image, labels, volume.Spacing, volume.SpacingUnit, volume.LabelSet);
    }

    private string FileOf(string datasetId, VolumeAxis axis, int index) =>
        Path.Combine(FolderOf(datasetId), AnnotationPlane.NameOf(axis) + "-" + index.ToString(CultureInfo.InvariantCulture) + Extension);

    private IEnumerable<(VolumeAxis Axis, int Index, string Path)> Slices(string datasetId)
    {
        var folder = FolderOf(datasetId);
        if (!Directory.Exists(folder)) return [];
        return Directory.EnumerateFiles(folder, "*" + Extension)
            .Select(path => (Name: Path.GetFileNameWithoutExtension(path), Path: path))
            .Select(f => (Axis: AnnotationPlane.ParseAxis(f.Name.Split('-')[0]),
                Index: int.TryParse(f.Name.AsSpan(f.Name.IndexOf('-') + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : -1, f.Path))
            .Where(s => s.Axis is not null && s.Index >= 0)
            .Select(s => (s.Axis!.Value, s.Index, s.Path))
            .OrderBy(s => s.Value).ThenBy(s => s.Index)
            .ToArray();
    }

    /// <summary>A slice's pixels; null when it was deleted after the folder was listed.</summary>
    private static byte[]? TryRead(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    private static AnnotationSummary Summarise(VolumeAxis axis, int index, byte[] pixels, int classCount, DateTime updated)
    {
        var perClass = new long[classCount];
        foreach (var value in pixels)
            if (value < classCount) perClass[value]++;
        return new AnnotationSummary(axis, index, perClass.Sum(), perClass, new DateTimeOffset(updated, TimeSpan.Zero));
    }
}
