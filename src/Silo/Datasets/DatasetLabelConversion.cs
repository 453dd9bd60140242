namespace UNet3D.Lab.Silo.Datasets;

/// <summary>
/// A label file's values as the lab stores labels: 0 inside tubule, 1 tubule, 2 background, and for sparse labels the
/// file's unlabeled value as label 3. Anything else is refused, naming the first voxel at fault.
/// </summary>
public static class DatasetLabelConversion
{
    public static byte[] Convert(float[] values, VolumeShape shape, DatasetLabelKind kind, int unlabeled, string fileName)
    {
        var labels = new byte[values.Length];
        long bad = 0, first = -1, annotated = 0;
        for (var i = 0; i < values.Length; i++)
        {
            var value = values[i];
            if (value is 0 or 1 or 2)
            {
                labels[i] = (byte)value;
                annotated++;
            }
            else if (kind == DatasetLabelKind.Sparse && value == unlabeled)
            {
                labels[i] = SegmentationLabels.Unlabeled;
            }
            else if (bad++ == 0)
            {
                first = i;
            }
        }
        if (bad > 0)
        {
            var (x, y, z) = Position(first, shape);
            var value = values[first];
            var allowed = kind == DatasetLabelKind.Sparse
                ? FormattableString.Invariant($"0 (inside tubule), 1 (tubule), 2 (background) or the unlabeled value {unlabeled}")
                : "0 (inside tubule), 1 (tubule) or 2 (background) in dense labels";
            var more = bad > 1 ? FormattableString.Invariant($" ({bad:N0} voxels are outside the label set)") : "";
            var hint = kind == DatasetLabelKind.Dense && float.IsFinite(value) && value == MathF.Round(value)
                && value is >= DatasetImportFields.MinUnlabeledValue and <= DatasetImportFields.MaxUnlabeledValue
                ? FormattableString.Invariant($" If {value} marks voxels nobody annotated, import with labelKind=sparse and unlabeledValue={value}.")
                : "";
            throw new DatasetImportException(DatasetUpload.LabelsField,
                FormattableString.Invariant($"{fileName}: voxel (x={x}, y={y}, z={z}) = {value} is not a label: labels are {allowed}{more}.{hint}"));
        }
        if (annotated == 0)
            throw new DatasetImportException(DatasetUpload.LabelsField,
                FormattableString.Invariant($"{fileName}: no voxel is labelled; every voxel has the unlabeled value {unlabeled}."));
        return labels;
    }

    private static (long X, long Y, long Z) Position(long index, VolumeShape shape) =>
        (index % shape.X, index / shape.X % shape.Y, index / ((long)shape.X * shape.Y));
}
