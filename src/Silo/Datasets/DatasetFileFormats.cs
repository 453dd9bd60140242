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

    public static IReadOnlyList<DatasetFileFormat> All { get; } = [Nifti];

    /// <summary>Every extension imported, for error messages and file pickers (".nii.gz, .nii").</summary>
    public static string Extensions => string.Join(", ", All.SelectMany(f => f.Extensions));

    public static DatasetFileFormat? For(string fileName) => All.FirstOrDefault(f => f.Matches(fileName));
}
