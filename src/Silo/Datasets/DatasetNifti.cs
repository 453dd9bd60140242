using UNet3D.Lab.Experiments.Data.Formats;

namespace UNet3D.Lab.Silo.Datasets;

/// <summary>
/// A stored dataset as NIfTI images with the source's geometry: its affine (the phantom's and TIFF/HDF5 imports': the
/// spacing diagonal), spacing and unit; the image's channels in the 4th dimension; labels as the source wrote them
/// (0, 1, 2, and for sparse labels the dataset's unlabeled value where nobody annotated).
/// </summary>
public static class DatasetNifti
{
    public static NiftiImage Image(DatasetInfo info, LabeledVolume volume) =>
        new(info.X, info.Y, info.Z, info.Channels, volume.Image, Spacing(info), info.SpacingUnit, Affine(info),
            NiftiDataType.Float32, $"UNet3D.Lab dataset {info.Id}");

    /// <summary>The labels, and the type that holds their values; null when the dataset has none.</summary>
    public static (NiftiImage Image, NiftiDataType Type)? Labels(DatasetInfo info, LabeledVolume volume)
    {
        if (!info.HasTrainingLabels) return null;
        var stored = info.LabelSet.Unlabeled;
        var unlabeled = info.ServedUnlabeledValue ?? stored;
        var values = new float[volume.Labels.Length];
        for (var i = 0; i < values.Length; i++)
            values[i] = volume.Labels[i] == stored ? unlabeled : volume.Labels[i];
        var type = unlabeled is >= 0 and <= byte.MaxValue ? NiftiDataType.UInt8 : NiftiDataType.Int32;
        var description = info.LabelKind != DatasetLabelKind.Dense
            ? $"UNet3D.Lab labels of {info.Id}; {unlabeled} = not annotated"
            : $"UNet3D.Lab labels of {info.Id}";
        return (new NiftiImage(info.X, info.Y, info.Z, 1, values, Spacing(info), info.SpacingUnit, Affine(info), type, description), type);
    }

    private static (double X, double Y, double Z) Spacing(DatasetInfo info) => (info.SpacingX, info.SpacingY, info.SpacingZ);

    private static double[,]? Affine(DatasetInfo info)
    {
        if (info.Affine is not { Length: 16 } flat) return null;
        var affine = new double[4, 4];
        for (var i = 0; i < 16; i++) affine[i / 4, i % 4] = flat[i];
        return affine;
    }
}
