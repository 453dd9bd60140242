using System.Globalization;
using System.Text.Json;

namespace UNet3D.Lab.Silo.Datasets;

/// <summary>
/// The text fields of an import as people write them (the API's form, the command line's options), checked: each
/// refusal is a <see cref="DatasetImportException"/> naming the field.
/// </summary>
public static class DatasetImportFields
{
    public const string Name = "name", LabelKind = "labelKind", UnlabeledValue = "unlabeledValue", Classes = "classes";

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

    /// <summary>
    /// The class names in label order from a JSON list such as <c>["outside","ball"]</c> (2–16 distinct, non-blank
    /// names); the paper's three when absent.
    /// </summary>
    public static LabelSet ParseClasses(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return LabelSet.Paper;
        string?[]? names;
        try
        {
            names = JsonSerializer.Deserialize<string?[]>(text);
        }
        catch (JsonException)
        {
            throw new DatasetImportException(Classes, $"classes must be a JSON list of class names in label order, such as [\"outside\",\"ball\"]; '{Shorten(text)}' is not.");
        }
        if (LabelSet.Problem(names) is { } problem) throw new DatasetImportException(Classes, $"classes {problem}.");
        return new LabelSet(names!.Select(n => n!).ToArray());
    }

    /// <summary>The label value of voxels nobody annotated; <paramref name="labelSet"/>'s stored value (3, or 255 for more than three classes) when absent.</summary>
    public static int ParseUnlabeledValue(string? text, DatasetLabelKind kind, LabelSet labelSet)
    {
        if (string.IsNullOrWhiteSpace(text)) return labelSet.Unlabeled;
        if (!int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value is < MinUnlabeledValue or > MaxUnlabeledValue)
            throw new DatasetImportException(UnlabeledValue, $"unlabeledValue '{text}' is not an integer from {MinUnlabeledValue} to {MaxUnlabeledValue}.");
        if (value >= 0 && value < labelSet.Count)
            throw new DatasetImportException(UnlabeledValue, $"unlabeledValue {value} is a class label ({labelSet}); pick another value, e.g. {labelSet.Unlabeled} or 255.");
        if (kind != DatasetLabelKind.Sparse && value != labelSet.Unlabeled)
            throw new DatasetImportException(UnlabeledValue, $"unlabeledValue only applies to sparse labels (labelKind=sparse), not to {kind.ToString().ToLowerInvariant()}.");
        return value;
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "…";

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
