using UNet3D.Lab.Experiments.Data.Formats;

namespace UNet3D.Lab.Silo.Datasets;

/// <summary>
/// A volume file format the store imports: the file-name endings that select it, a header reader (cheap, checked
/// first) and a voxel reader. Both take the file's path and the name to put in error messages, and throw
/// <see cref="IOException"/> (such as <see cref="NiftiFormatException"/>) or <see cref="InvalidDataException"/>
/// naming the file and the field at fault.
/// </summary>
/// <param name="Read">The voxels as channel-major (C, Z, Y, X) floats with their spacing; a <see cref="NiftiImage"/>
/// is the lab's in-memory volume whatever the file format.</param>
public sealed record DatasetFileFormat(
    string Name,
    IReadOnlyList<string> Extensions,
    Func<string, string, VolumeFileHeader> ReadHeader,
    Func<string, string, NiftiImage> Read,
    Func<string, string, NiftiImage>? ReadAsLabels = null,
    Func<string, string, VolumeFileHeader>? ReadAsLabelsHeader = null)
{
    public VolumeFileHeader ReadLabelsHeader(string path, string name) => (ReadAsLabelsHeader ?? ReadHeader)(path, name);

    /// <summary>The label volume of a file given as labels: the same voxels, unless the format keeps labels apart
    /// (HDF5's <c>label</c> dataset).</summary>
    public NiftiImage ReadLabels(string path, string name) => (ReadAsLabels ?? Read)(path, name);

    public bool Matches(string fileName) =>
        Extensions.Any(extension => fileName.EndsWith(extension, StringComparison.OrdinalIgnoreCase) && fileName.Length > extension.Length);

    /// <summary>The file name without the extension that selected this format.</summary>
    public string StripExtension(string fileName) =>
        Extensions.OrderByDescending(e => e.Length).FirstOrDefault(e => fileName.EndsWith(e, StringComparison.OrdinalIgnoreCase)) is { } extension
            ? fileName[..^extension.Length]
            : fileName;
}
