namespace UNet3D.Lab.Experiments.Data.Formats;

/// <summary>
/// HDF5 in pytorch-3dunet's layout (.h5, .hdf5, .hdf): the image is dataset <c>raw</c>, its label map, where there
/// is one, dataset <c>label</c> (see <see cref="Hdf5VolumeReader"/>).
/// </summary>
public sealed class Hdf5FileFormat : VolumeFileFormat
{
    public override VolumeFormat Format => VolumeFormat.Hdf5;

    public override string Name => "HDF5";

    public override IReadOnlyList<string> Extensions { get; } = [".h5", ".hdf5", ".hdf"];

    /// <summary>A full read of <c>raw</c>, as for TIFF: the reader refuses sizes over <paramref name="limits"/> before it allocates.</summary>
    public override VolumeFileHeader ReadHeader(string path, string nameForErrors, VolumeLimits limits) =>
        TiffFileFormat.HeaderOf(Read(path, nameForErrors, limits));

    /// <summary>The header of the <c>label</c> dataset where there is one, else of <c>raw</c>.</summary>
    public override VolumeFileHeader ReadLabelsHeader(string path, string nameForErrors, VolumeLimits limits) =>
        TiffFileFormat.HeaderOf(ReadLabels(path, nameForErrors, limits));

    public override VolumeFile Read(Stream stream, string nameForErrors, VolumeLimits limits) =>
        Hdf5VolumeReader.Read(stream, nameForErrors, limits, includeLabel: false).Raw;

    public override VolumeFile? ReadStoredLabel(string path, string nameForErrors, VolumeLimits limits)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        return Hdf5VolumeReader.ReadLabel(file, nameForErrors, limits);
    }

    public override void Write(string path, VolumeFile volume, VolumeDataType type) => Hdf5VolumeWriter.Write(path, volume, type);
}
