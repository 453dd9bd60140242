using System.Globalization;

namespace UNet3D.Lab.Silo.Datasets;

/// <summary>
/// The text fields of an import as people write them (the API's form, the command line's options), checked: each
/// refusal is a <see cref="DatasetImportException"/> naming the field.
/// </summary>
public static class DatasetImportFields
{
    public const string Name = "name", LabelKind = "labelKind", UnlabeledValue = "unlabeledValue";

    public const int MaxNameLength = 200;

    /// <summary>Smallest and largest value a sparse label file may use for "unlabeled" (int16 and uint16 files).</summary>
    public const int MinUnlabeledValue = short.MinValue, MaxUnlabeledValue = ushort.MaxValue;

    /// <summary>dense, sparse or none; absent means dense with a labels file, none without.</summary>
    public static DatasetLabelKind ParseLabelKind(string? text, bool hasLabels)
    {
        var kind = text?.Trim().ToLowerInvariant() switch
        {
            null or "" => hasLabels ? DatasetLabelKind.Dense : DatasetLabelKind.None,
            "dense" => DatasetLabelKind.Dense,
            "sparse" => DatasetLabelKind.Sparse,
            "none" => DatasetLabelKind.None,
            _ => throw new DatasetImportException(LabelKind, $"labelKind '{text}' is not one of dense, sparse (or none, without a labels file)."),
        };
        if (kind != DatasetLabelKind.None && !hasLabels)
            throw new DatasetImportException(DatasetUpload.LabelsField, $"labelKind '{text}' needs a labels file (field 'labels').");
        if (kind == DatasetLabelKind.None && hasLabels)
            throw new DatasetImportException(LabelKind, "labelKind 'none' contradicts the labels file that was sent; use dense or sparse.");
        return kind;
    }

    /// <summary>The label value of voxels nobody annotated; label 3 when absent.</summary>
    public static int ParseUnlabeledValue(string? text, DatasetLabelKind kind)
    {
        if (string.IsNullOrWhiteSpace(text)) return SegmentationLabels.Unlabeled;
        if (!int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value is < MinUnlabeledValue or > MaxUnlabeledValue)
            throw new DatasetImportException(UnlabeledValue, $"unlabeledValue '{text}' is not an integer from {MinUnlabeledValue} to {MaxUnlabeledValue}.");
        if (value is >= 0 and < SegmentationLabels.ClassCount)
            throw new DatasetImportException(UnlabeledValue, $"unlabeledValue {value} is a class label (0 inside tubule, 1 tubule, 2 background); pick another value, e.g. 3 or 255.");
        if (kind != DatasetLabelKind.Sparse && value != SegmentationLabels.Unlabeled)
            throw new DatasetImportException(UnlabeledValue, $"unlabeledValue only applies to sparse labels (labelKind=sparse), not to {kind.ToString().ToLowerInvariant()}.");
        return value;
    }

    /// <summary>The name to show: the one given, trimmed, else <paramref name="fallback"/> (the image's file name without extension).</summary>
    public static string CheckName(string? name, string fallback)
    {
        var chosen = string.IsNullOrWhiteSpace(name) ? fallback : name.Trim();
        if (chosen.Length > MaxNameLength)
            throw new DatasetImportException(Name, $"name is {chosen.Length} characters long; at most {MaxNameLength} are accepted.");
        if (chosen.Any(char.IsControl))
            throw new DatasetImportException(Name, "name must not contain control characters.");
        return string.IsNullOrWhiteSpace(chosen) ? "dataset" : chosen;
    }
}
