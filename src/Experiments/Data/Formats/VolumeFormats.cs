namespace UNet3D.Lab.Experiments.Data.Formats;

/// <summary>
/// The lab's one list of volume file formats, chosen by file extension: NIfTI-1 (.nii, .nii.gz), TIFF stacks
/// (.tif, .tiff) and HDF5 in pytorch-3dunet's layout (.h5, .hdf5, .hdf). The dataset store, the HTTP API and the
/// command line (<c>data inspect</c>, <c>data import</c>, <c>predict</c>) all read and write through it, so another
/// format plugs in here, as one more <see cref="VolumeFileFormat"/> in <see cref="All"/>. Every read checks the size
/// the file claims against <see cref="VolumeLimits"/> before allocating, refuses NaN and infinite voxels, and fails
/// only with <see cref="VolumeFormatException"/>s naming the file and the field, tag or dataset at fault.
/// </summary>
public static class VolumeFormats
{
    public static NiftiFileFormat Nifti { get; } = new();

    public static TiffFileFormat Tiff { get; } = new();

    public static Hdf5FileFormat Hdf5 { get; } = new();

    public static IReadOnlyList<VolumeFileFormat> All { get; } = [Nifti, Tiff, Hdf5];

    /// <summary>Every extension read, for messages and file pickers: ".nii, .nii.gz, .tif, …".</summary>
    public static string Extensions { get; } = string.Join(", ", All.SelectMany(f => f.Extensions));

    /// <summary>The format <paramref name="fileName"/>'s extension stands for (case-insensitive); null when none does.</summary>
    public static VolumeFileFormat? For(string fileName) => All.FirstOrDefault(f => f.Matches(fileName));

    /// <summary>The format <paramref name="fileName"/>'s extension stands for; a <see cref="VolumeFormatException"/> naming the extension when none does.</summary>
    public static VolumeFileFormat Of(string fileName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        if (For(fileName) is { } format) return format;
        var name = Path.GetFileName(fileName);
        var extension = Path.GetExtension(name).ToLowerInvariant();
        throw new VolumeFormatException(
            $"{name}: the extension {(extension.Length == 0 ? "(none)" : $"'{extension}'")} is not a volume format this lab reads; supported: {Extensions}.");
    }

    public static VolumeFormat Detect(string fileName) => Of(fileName).Format;

    /// <summary>The volume in <paramref name="path"/>; for HDF5 its <c>raw</c> dataset (see <see cref="ReadLabel"/>).</summary>
    public static VolumeFile Read(string path, VolumeLimits? limits = null) => Of(path).Read(path, limits: limits);

    /// <summary>
    /// The volume in <paramref name="stream"/> (from its current position; left open), in the format
    /// <paramref name="fileNameForErrors"/>'s extension names; that name also starts every error message.
    /// </summary>
    public static VolumeFile Read(Stream stream, string fileNameForErrors, VolumeLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return Of(fileNameForErrors).Read(stream, Path.GetFileName(fileNameForErrors), limits ?? VolumeLimits.Default);
    }

    /// <summary>
    /// The label map stored with the image: an HDF5 file's <c>label</c> dataset. Null for HDF5 files without one and
    /// for NIfTI and TIFF, which hold one volume per file.
    /// </summary>
    public static VolumeFile? ReadLabel(string path, VolumeLimits? limits = null) =>
        Of(path).ReadStoredLabel(path, Path.GetFileName(path), limits ?? VolumeLimits.Default);

    /// <summary>
    /// Writes <paramref name="volume"/> as <paramref name="type"/> in the format of <paramref name="path"/>'s
    /// extension. TIFF takes uint8, uint16 and float32; NIfTI and HDF5 every <see cref="VolumeDataType"/>.
    /// </summary>
    public static void Write(string path, VolumeFile volume, VolumeDataType type)
    {
        ArgumentNullException.ThrowIfNull(volume);
        Of(path).Write(path, volume, type);
    }
}
