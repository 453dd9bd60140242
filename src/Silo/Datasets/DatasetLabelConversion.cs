namespace UNet3D.Lab.Silo.Datasets;

/// <summary>
/// A label file's values as the lab stores labels: the class indices 0..n−1 of the dataset's <see cref="LabelSet"/>, and
/// for sparse labels the file's unlabeled value as the set's stored unlabeled value. Anything else is refused, naming
/// the first voxel at fault.
/// </summary>
public static class DatasetLabelConversion
{
    public static byte[] Convert(float[] values, VolumeShape shape, DatasetLabelKind kind, int unlabeled, string fileName, LabelSet? labelSet = null)
    {
        var set = labelSet ?? LabelSet.Paper;
        var labels = new byte[values.Length];
        long bad = 0, first = -1, annotated = 0;
        for (var i = 0; i < values.Length; i++)
        {
            var value = values[i];
            if (value >= 0 && value < set.Count && value == MathF.Floor(value))
            {
                labels[i] = (byte)value;
                annotated++;
            }
            else if (kind == DatasetLabelKind.Sparse && value == unlabeled)
            {
                labels[i] = set.Unlabeled;
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
            var classes = set.Names.Select((n, c) => FormattableString.Invariant($"{c} ({n})")).ToArray();
            var allowed = kind == DatasetLabelKind.Sparse
                ? FormattableString.Invariant($"{string.Join(", ", classes)} or the unlabeled value {unlabeled}")
                : $"{string.Join(", ", classes[..^1])} or {classes[^1]} in dense labels";
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
