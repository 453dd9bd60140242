using PureHDF;

namespace UNet3D.Lab.Experiments.Data.Formats;

/// <summary>
/// Writes HDF5 in pytorch-3dunet's layout with PureHDF: dataset <c>raw</c> as (Z, Y, X) for one channel, else
/// (C, Z, Y, X), with <c>element_size_um</c> = (z, y, x) spacing in µm (float64, ilastik's convention; mm and m
/// spacings are converted, and a volume whose unit is unknown gets no attribute, since its numbers are not µm); and,
/// when given, dataset <c>label</c> as uint8 (Z, Y, X). Uncompressed. Written to a temporary file and renamed: a failure
/// never leaves half a file.
/// </summary>
public static class Hdf5VolumeWriter
{
    /// <summary>
    /// Writes <paramref name="raw"/> as <paramref name="type"/> and <paramref name="label"/> (one channel, raw's
    /// shape) as uint8. Integer types get values rounded to the nearest integer (ties to even); a value that does not
    /// fit is an <see cref="ArgumentException"/> naming the dataset and voxel.
    /// </summary>
    public static void Write(string path, VolumeFile raw, VolumeDataType type, VolumeFile? label = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(raw);
        if (!Enum.IsDefined(type)) throw new ArgumentOutOfRangeException(nameof(type), type, "Not a volume data type.");
        var name = Path.GetFileName(path);
        if (label is not null && (label.Channels != 1 || label.Shape != raw.Shape))
            throw new ArgumentException($"{name}: the label map must be one channel of raw's {raw.Shape} voxels; it is {label.Channels} × {label.Shape}.", nameof(label));

        var shape = raw.Shape;
        ulong[] rawDimensions = raw.Channels == 1
            ? [(ulong)shape.Z, (ulong)shape.Y, (ulong)shape.X]
            : [(ulong)raw.Channels, (ulong)shape.Z, (ulong)shape.Y, (ulong)shape.X];
        var rawName = $"{name} ({Hdf5VolumeReader.RawDataset})";
        object values = type switch
        {
            VolumeDataType.UInt8 => VolumeDataTypes.Narrow<byte>(raw, type, rawName),
            VolumeDataType.Int16 => VolumeDataTypes.Narrow<short>(raw, type, rawName),
            VolumeDataType.UInt16 => VolumeDataTypes.Narrow<ushort>(raw, type, rawName),
            VolumeDataType.Int32 => VolumeDataTypes.Narrow<int>(raw, type, rawName),
            VolumeDataType.Float32 => raw.Data,
            _ => raw.Data.Select(value => (double)value).ToArray(),
        };
        var rawDataset = new H5Dataset(values, fileDims: rawDimensions);
        if (raw.Unit.ToMicrons(raw.Spacing) is { } microns)
            rawDataset.Attributes = new() { [Hdf5VolumeReader.SpacingAttribute] = new[] { microns.Z, microns.Y, microns.X } };
        var file = new H5File { [Hdf5VolumeReader.RawDataset] = rawDataset };
        if (label is not null)
        {
            var labels = VolumeDataTypes.Narrow<byte>(label, VolumeDataType.UInt8, $"{name} ({Hdf5VolumeReader.LabelDataset})");
            file[Hdf5VolumeReader.LabelDataset] = new H5Dataset(labels, fileDims: [(ulong)shape.Z, (ulong)shape.Y, (ulong)shape.X]);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temporary = path + ".partial";
        try
        {
            file.Write(temporary);
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }
}
