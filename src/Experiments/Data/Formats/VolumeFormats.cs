namespace UNet3D.Lab.Experiments.Data.Formats;

/// <summary>
/// Reads and writes volumes whatever their format, chosen by file extension: NIfTI-1 (.nii, .nii.gz), TIFF stacks
/// (.tif, .tiff) and HDF5 in pytorch-3dunet's layout (.h5, .hdf5, .hdf). Every read checks the size the file claims
/// against <see cref="VolumeLimits"/> before allocating, refuses NaN and infinite voxels, and fails only with
/// <see cref="VolumeFormatException"/>s naming the file and the field, tag or dataset at fault.
/// </summary>
public static class VolumeFormats
{
    public const string Extensions = ".nii, .nii.gz, .tif, .tiff, .h5, .hdf5, .hdf";

    /// <summary>The format <paramref name="fileName"/>'s extension stands for (case-insensitive).</summary>
    public static VolumeFormat Detect(string fileName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        var name = Path.GetFileName(fileName);
        if (name.EndsWith(".nii", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".nii.gz", StringComparison.OrdinalIgnoreCase))
            return VolumeFormat.Nifti;
        var extension = Path.GetExtension(name).ToLowerInvariant();
        return extension switch
        {
            ".tif" or ".tiff" => VolumeFormat.Tiff,
            ".h5" or ".hdf5" or ".hdf" => VolumeFormat.Hdf5,
            _ => throw new VolumeFormatException(
                $"{name}: the extension {(extension.Length == 0 ? "(none)" : $"'{extension}'")} is not a volume format this lab reads; supported: {Extensions}."),
        };
    }

    /// <summary>The volume in <paramref name="path"/>; for HDF5 its <c>raw</c> dataset (see <see cref="ReadLabel"/>).</summary>
    public static VolumeFile Read(string path, VolumeLimits? limits = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var format = Detect(path);
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        return Read(file, Path.GetFileName(path), format, limits ?? VolumeLimits.Default);
    }

    /// <summary>
    /// The volume in <paramref name="stream"/> (from its current position; left open), in the format
    /// <paramref name="fileNameForErrors"/>'s extension names; that name also starts every error message.
    /// </summary>
    public static VolumeFile Read(Stream stream, string fileNameForErrors, VolumeLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var format = Detect(fileNameForErrors);
        return Read(stream, Path.GetFileName(fileNameForErrors), format, limits ?? VolumeLimits.Default);
    }

    /// <summary>
    /// The label map stored with the image: an HDF5 file's <c>label</c> dataset. Null for HDF5 files without one and
    /// for NIfTI and TIFF, which hold one volume per file.
    /// </summary>
    public static VolumeFile? ReadLabel(string path, VolumeLimits? limits = null) =>
        Detect(path) == VolumeFormat.Hdf5 ? Hdf5VolumeReader.ReadLabel(path, limits) : null;

    /// <summary>
    /// Writes <paramref name="volume"/> as <paramref name="type"/> in the format of <paramref name="path"/>'s
    /// extension. TIFF takes uint8, uint16 and float32; NIfTI and HDF5 every <see cref="VolumeDataType"/>.
    /// </summary>
    public static void Write(string path, VolumeFile volume, VolumeDataType type)
    {
        ArgumentNullException.ThrowIfNull(volume);
        switch (Detect(path))
        {
            case VolumeFormat.Nifti:
                NiftiWriter.Write(path, volume.ToNifti(), type.ToNifti());
                break;
            case VolumeFormat.Tiff:
                TiffStackWriter.Write(path, volume, type);
                break;
            case VolumeFormat.Hdf5:
                Hdf5VolumeWriter.Write(path, volume, type);
                break;
        }
    }

    private static VolumeFile Read(Stream stream, string name, VolumeFormat format, VolumeLimits limits) => format switch
    {
        VolumeFormat.Nifti => ReadNifti(stream, name, limits),
        VolumeFormat.Tiff => TiffStackReader.Read(stream, name, limits),
        _ => Hdf5VolumeReader.Read(stream, name, limits, includeLabel: false).Raw,
    };

    private static VolumeFile ReadNifti(Stream stream, string name, VolumeLimits limits)
    {
        // The header is read twice (once for the limit, once by the reader), so the stream must seek.
        if (!stream.CanSeek)
        {
            var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            buffer.Position = 0;
            stream = buffer;
        }
        var start = stream.Position;
        Span<byte> magic = stackalloc byte[2];
        var gzip = stream.ReadAtLeast(magic, 2, throwOnEndOfStream: false) == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
        stream.Position = start;
        var header = NiftiReader.ReadHeader(stream, name, gzip);
        limits.Check(header.ValueCount, name, $"dim ({header.X}x{header.Y}x{header.Z}, {header.Channels} channel(s))");
        stream.Position = start;
        return VolumeFile.FromNifti(NiftiReader.Read(stream, name, gzip)).RequireFinite(name);
    }
}
