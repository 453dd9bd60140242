namespace UNet3D.Lab.Experiments.Data.Formats;

/// <summary>
/// One volume file format of <see cref="VolumeFormats"/>: the file-name endings that select it, a header reader
/// (cheap where the format allows, checked first), image and label readers, and a writer. Readers take the name to
/// put in error messages (the file's own, or the name a client gave it) and fail only with
/// <see cref="VolumeFormatException"/>s naming that file and the field, tag or dataset at fault.
/// </summary>
public abstract class VolumeFileFormat
{
    public abstract VolumeFormat Format { get; }

    /// <summary>As people call it: "NIfTI-1", "TIFF stack", "HDF5".</summary>
    public abstract string Name { get; }

    /// <summary>The endings that select this format, compared case-insensitively: ".nii", ".nii.gz".</summary>
    public abstract IReadOnlyList<string> Extensions { get; }

    /// <summary>True when <paramref name="fileName"/> (a name or a path) ends with one of <see cref="Extensions"/> and has a name before it.</summary>
    public bool Matches(string fileName)
    {
        var name = Path.GetFileName(fileName);
        return Extensions.Any(extension => name.Length > extension.Length && name.EndsWith(extension, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The file name without the extension that selected this format: "scan" for "scan.nii.gz".</summary>
    public string StripExtension(string fileName) =>
        Extensions.OrderByDescending(e => e.Length).FirstOrDefault(e => fileName.EndsWith(e, StringComparison.OrdinalIgnoreCase)) is { } extension
            ? fileName[..^extension.Length]
            : fileName;

    /// <summary>Shape, channels and stored type of the image in <paramref name="path"/>.</summary>
    /// <param name="limits">For formats without a header to trust, whose "header" is a full read: refused sizes fail before allocating.</param>
    public abstract VolumeFileHeader ReadHeader(string path, string nameForErrors, VolumeLimits limits);

    /// <summary>The header of the volume <see cref="ReadLabels"/> reads.</summary>
    public virtual VolumeFileHeader ReadLabelsHeader(string path, string nameForErrors, VolumeLimits limits) => ReadHeader(path, nameForErrors, limits);

    /// <summary>The image in <paramref name="path"/>; <paramref name="nameForErrors"/> defaults to the file's name.</summary>
    public VolumeFile Read(string path, string? nameForErrors = null, VolumeLimits? limits = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        return Read(file, nameForErrors ?? Path.GetFileName(path), limits ?? VolumeLimits.Default);
    }

    /// <summary>The image in <paramref name="stream"/>, from its current position (left open).</summary>
    public abstract VolumeFile Read(Stream stream, string nameForErrors, VolumeLimits limits);

    /// <summary>
    /// The label map stored with the image in the same file (an HDF5 file's <c>label</c> dataset); null for formats
    /// that hold one volume per file and for files without one.
    /// </summary>
    public virtual VolumeFile? ReadStoredLabel(string path, string nameForErrors, VolumeLimits limits) => null;

    /// <summary>A file given as labels: its stored label map where it has one, else its one volume.</summary>
    public VolumeFile ReadLabels(string path, string nameForErrors, VolumeLimits limits) =>
        ReadStoredLabel(path, nameForErrors, limits) ?? Read(path, nameForErrors, limits);

    /// <summary>
    /// The image as a <see cref="NiftiImage"/> on its file's grid, for outputs that must overlay it: a NIfTI file keeps
    /// its header geometry (affine, qform and sform with their codes), other formats get their spacing as the affine.
    /// </summary>
    public virtual NiftiImage ReadAsNifti(string path, VolumeLimits? limits = null) => Read(path, limits: limits).ToNifti();

    /// <summary>Writes <paramref name="volume"/> as <paramref name="type"/>; a type the format cannot store is an <see cref="ArgumentException"/>.</summary>
    public abstract void Write(string path, VolumeFile volume, VolumeDataType type);

    /// <summary>Writes a NIfTI image (e.g. a label map made with <see cref="NiftiImage.WithVoxels"/>); NIfTI keeps its header geometry.</summary>
    public virtual void WriteNifti(string path, NiftiImage image, VolumeDataType type) => Write(path, VolumeFile.FromNifti(image), type);

    public override string ToString() => Name;
}
