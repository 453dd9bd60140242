using UNet3D.Lab.Experiments.Data.Formats;

namespace UNet3D.Lab.Silo.Datasets;

/// <summary>
/// The one place that maps a file's name to the reader that imports it. Another format (TIFF, HDF5, …) plugs in
/// here with its extensions; the store, the API and the command line need no change.
/// </summary>
public static class DatasetFileFormats
{
    public static readonly DatasetFileFormat Nifti = new(
        "NIfTI-1",
        [".nii.gz", ".nii"],
        (path, name) =>
        {
            var header = NiftiReader.ReadHeader(path);
            return new VolumeFileHeader(header.X, header.Y, header.Z, header.Channels, header.DataType.ToString());
        },
        (path, name) => NiftiReader.Read(path));

    // TIFF and HDF5 keep no cheap header to trust, so the "header" is a full read: the readers refuse sizes over
    // VolumeLimits before they allocate, which is what the header step protects against.
    public static readonly DatasetFileFormat Tiff = new(
        "TIFF stack",
        [".tiff", ".tif"],
        (path, name) => HeaderOf(TiffStackReader.Read(path)),
        (path, name) => TiffStackReader.Read(path).ToNifti(name));

    /// <summary>pytorch-3dunet's layout: <c>raw</c> as the image; as labels, the <c>label</c> dataset where there is one.</summary>
    public static readonly DatasetFileFormat Hdf5 = new(
        "HDF5",
        [".hdf5", ".h5", ".hdf"],
        (path, name) => HeaderOf(Hdf5VolumeReader.Read(path, includeLabel: false).Raw),
        (path, name) => Hdf5VolumeReader.Read(path, includeLabel: false).Raw.ToNifti(name),
        (path, name) => LabelOrRaw(path).ToNifti(name),
        (path, name) => HeaderOf(LabelOrRaw(path)));

    private static VolumeFile LabelOrRaw(string path) =>
        Hdf5VolumeReader.ReadLabel(path) ?? Hdf5VolumeReader.Read(path, includeLabel: false).Raw;

    public static IReadOnlyList<DatasetFileFormat> All { get; } = [Nifti, Tiff, Hdf5];

    private static VolumeFileHeader HeaderOf(VolumeFile volume) =>
        new(volume.Shape.X, volume.Shape.Y, volume.Shape.Z, volume.Channels, volume.SourceType);

    /// <summary>Every extension imported, for error messages and file pickers (".nii.gz, .nii").</summary>
    public static string Extensions => string.Join(", ", All.SelectMany(f => f.Extensions));

    public static DatasetFileFormat? For(string fileName) => All.FirstOrDefault(f => f.Matches(fileName));
}
