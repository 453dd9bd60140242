using System.Globalization;
using UNet3D.Lab.Experiments.Data.Formats;

namespace UNet3D.Lab.Silo.Datasets;

/// <summary>
/// Turns an import's files and fields into a volume to store: every refusal is a <see cref="DatasetImportException"/>
/// naming the field and the file, and headers are checked (format, shape, size limit, label shape) before any voxel
/// is read. Files are read through the engine's format registry, <see cref="VolumeFormats"/>.
/// </summary>
/// <remarks>Synchronous, and seconds long for a large volume: call it off Orleans scheduler threads and request threads.</remarks>
public sealed class DatasetImporter(LabDatasetOptions limits)
{
    /// <summary>The volume and the record to store it under (a new id; not yet stored, so not <see cref="DatasetInfo.IsReady"/>).</summary>
    public (DatasetInfo Template, LabeledVolume Volume) Read(DatasetImportRequest request, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var image = request.Image ?? throw new DatasetImportException(DatasetUpload.ImageField,
            $"an image file is required (field 'image'; {VolumeFormats.Extensions}).");
        var imageName = DatasetFileNames.Check(DatasetUpload.ImageField, image.FileName);
        var labelsName = request.Labels is { } given ? DatasetFileNames.Check(DatasetUpload.LabelsField, given.FileName) : null;
        var kind = DatasetImportFields.ParseLabelKind(request.LabelKind, request.Labels is not null);
        var labelSet = DatasetImportFields.ParseClasses(request.Classes);
        var unlabeled = DatasetImportFields.ParseUnlabeledValue(request.UnlabeledValue, kind, labelSet);
        var imageFormat = FormatOf(DatasetUpload.ImageField, imageName);
        var labelsFormat = labelsName is null ? null : FormatOf(DatasetUpload.LabelsField, labelsName);
        var name = DatasetImportFields.CheckName(request.Name, imageFormat.StripExtension(imageName));
        // The readers' own guard: never below their default (whose messages the header check below improves on), raised
        // with Lab:Datasets:MaxImageValues up to what an array holds.
        var readLimits = new VolumeLimits { MaxValues = Math.Clamp(limits.MaxImageValues, VolumeLimits.DefaultMaxValues, Array.MaxLength) };

        var imageHeader = ReadFile(DatasetUpload.ImageField, imageName, () => imageFormat.ReadHeader(image.Path, imageName, readLimits));
        if (imageHeader.Values > limits.MaxImageValues)
            throw new DatasetImportException(DatasetUpload.ImageField,
                FormattableString.Invariant($"{imageName}: {imageHeader.ShapeText} × {imageHeader.Channels} channel(s) is {imageHeader.Values:N0} values; the lab imports at most {limits.MaxImageValues:N0} (Lab:Datasets:MaxImageValues)."));
        VolumeFileHeader? labelsHeader = null;
        if (request.Labels is { } labelsFile)
        {
            labelsHeader = ReadFile(DatasetUpload.LabelsField, labelsName!, () => labelsFormat!.ReadLabelsHeader(labelsFile.Path, labelsName!, readLimits));
            if ((labelsHeader.X, labelsHeader.Y, labelsHeader.Z) != (imageHeader.X, imageHeader.Y, imageHeader.Z))
                throw new DatasetImportException(DatasetUpload.LabelsField,
                    $"{labelsName} is {labelsHeader.ShapeText} but {imageName} is {imageHeader.ShapeText} (x×y×z): labels and image must have the same shape.");
            if (labelsHeader.Channels != 1)
                throw new DatasetImportException(DatasetUpload.LabelsField,
                    $"{labelsName} has {labelsHeader.Channels} channels; a label volume has one.");
        }

        cancellation.ThrowIfCancellationRequested();
        // The readers refuse NaN and infinite voxels, naming the first.
        var pixels = ReadFile(DatasetUpload.ImageField, imageName, () => imageFormat.Read(image.Path, imageName, readLimits));
        if ((pixels.Shape.X, pixels.Shape.Y, pixels.Shape.Z, pixels.Channels) != (imageHeader.X, imageHeader.Y, imageHeader.Z, imageHeader.Channels))
            throw new DatasetImportException(DatasetUpload.ImageField, $"{imageName}: the voxels read do not match the header's shape.");
        var shape = pixels.Shape;

        byte[] labels;
        if (request.Labels is { } source)
        {
            cancellation.ThrowIfCancellationRequested();
            var values = ReadFile(DatasetUpload.LabelsField, labelsName!, () => labelsFormat!.ReadLabels(source.Path, labelsName!, readLimits));
            if (values.Data.LongLength != shape.VoxelCount)
                throw new DatasetImportException(DatasetUpload.LabelsField, $"{labelsName}: the voxels read do not match the header's shape.");
            labels = DatasetLabelConversion.Convert(values.Data, shape, kind, unlabeled, labelsName!, labelSet);
        }
        else
        {
            labels = new byte[shape.VoxelCount];
            Array.Fill(labels, labelSet.Unlabeled);
        }

        cancellation.ThrowIfCancellationRequested();
        var spacing = (Shortest(pixels.Spacing.X), Shortest(pixels.Spacing.Y), Shortest(pixels.Spacing.Z));
        var volume = new LabeledVolume(name, shape, pixels.Channels, pixels.Data, labels, spacing, pixels.Unit, labelSet);
        List<DatasetSourceFile> files = [new(DatasetUpload.ImageField, imageName, imageFormat.Name, imageHeader.DataType, new FileInfo(image.Path).Length)];
        if (request.Labels is { } labelSource)
            files.Add(new(DatasetUpload.LabelsField, labelsName!, labelsFormat!.Name, labelsHeader!.DataType, new FileInfo(labelSource.Path).Length));
        var template = new DatasetInfo
        {
            Id = DatasetIds.New(),
            Name = name,
            X = shape.X,
            Y = shape.Y,
            Z = shape.Z,
            Channels = volume.Channels,
            SpacingX = volume.Spacing.X,
            SpacingY = volume.Spacing.Y,
            SpacingZ = volume.Spacing.Z,
            SpacingUnit = volume.SpacingUnit,
            Affine = imageFormat.Format == VolumeFormat.Nifti ? Flatten(NiftiReader.ReadHeader(image.Path).Affine) : null,
            Files = [.. files],
            LabelKind = kind,
            UnlabeledValue = kind == DatasetLabelKind.Sparse ? unlabeled : null,
            Classes = [.. labelSet.Names],
        };
        return (template, volume);
    }

    private static double[] Flatten(double[,] affine) => [.. affine.Cast<double>()];

    private static VolumeFileFormat FormatOf(string field, string fileName) =>
        VolumeFormats.For(fileName)
        ?? throw new DatasetImportException(field, $"{fileName}: the lab imports {string.Join(", ", VolumeFormats.All.Select(f => f.Name))} files ({VolumeFormats.Extensions}); the file name's extension says otherwise.");

    /// <summary>Runs a reader; its complaints (which name the file and header field) become the request field's.</summary>
    private static T ReadFile<T>(string field, string fileName, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException)
        {
            var message = e.Message.Contains(fileName, StringComparison.Ordinal) ? e.Message : $"{fileName}: {e.Message}";
            throw new DatasetImportException(field, message, e);
        }
    }

    /// <summary>
    /// A voxel size read from a float32 header field as the decimal its writer meant: 1.76f is stored as 1.76, not as
    /// 1.7599999904632568. Values that are not exactly a float are kept.
    /// </summary>
    private static double Shortest(double value) =>
        (double)(float)value == value ? double.Parse(((float)value).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) : value;
}
