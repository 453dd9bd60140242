using UNet3D.Lab.Silo.Datasets;

namespace UNet3D.Lab.Web.Api;

/// <summary>
/// The multipart form of <c>POST /api/datasets</c>, bound by ASP.NET: the <c>image</c> file, an optional
/// <c>labels</c> file, and the text fields as sent (the store parses and checks them, naming the field at fault).
/// </summary>
public sealed class DatasetUploadForm
{
    public const int MaxTextFieldLength = 4096;

    private static readonly string[] FileFields = [DatasetUpload.ImageField, DatasetUpload.LabelsField];
    private static readonly string[] TextFields = [DatasetImportFields.Name, DatasetImportFields.LabelKind, DatasetImportFields.UnlabeledValue, DatasetImportFields.Classes];

    [FromForm(Name = DatasetUpload.ImageField)]
    public IFormFile? Image { get; init; }

    [FromForm(Name = DatasetUpload.LabelsField)]
    public IFormFile? Labels { get; init; }

    [FromForm(Name = DatasetImportFields.Name)]
    public string? Name { get; init; }

    [FromForm(Name = DatasetImportFields.LabelKind)]
    public string? LabelKind { get; init; }

    [FromForm(Name = DatasetImportFields.UnlabeledValue)]
    public string? UnlabeledValue { get; init; }

    /// <summary>The class names in label order, a JSON list such as <c>["outside","ball"]</c>; the paper's three when absent.</summary>
    [FromForm(Name = DatasetImportFields.Classes)]
    public string? Classes { get; init; }

    /// <summary>The files to send, in order: the image, then the labels.</summary>
    public IEnumerable<(string Field, IFormFile File)> Files()
    {
        if (Image is not null) yield return (DatasetUpload.ImageField, Image);
        if (Labels is not null) yield return (DatasetUpload.LabelsField, Labels);
    }

    /// <summary>
    /// What binding lets through but an import must not: a field the import does not have, a text field where a file
    /// belongs (and a file where text belongs), a field given twice, an overlong text. Null when the form is sound.
    /// </summary>
    public static DatasetImportProblem? ProblemOf(IFormCollection posted)
    {
        ArgumentNullException.ThrowIfNull(posted);
        var fields = $"the fields are {string.Join(", ", FileFields)} (files) and {string.Join(", ", TextFields)}";
        foreach (var file in posted.Files)
        {
            if (TextFields.Contains(file.Name, StringComparer.Ordinal))
                return new(file.Name, $"{file.Name} must be a text field, not a file ('{file.FileName}').");
            if (!FileFields.Contains(file.Name, StringComparer.Ordinal))
                return new(file.Name, $"'{file.Name}' is not a file field of an import; files go in '{DatasetUpload.ImageField}' and '{DatasetUpload.LabelsField}'.");
        }
        foreach (var field in FileFields)
        {
            if (posted.Files.GetFiles(field).Count > 1) return new(field, $"only one {field} file per import.");
        }
        foreach (var (field, values) in posted)
        {
            if (FileFields.Contains(field, StringComparer.Ordinal))
                return new(field, "must be a file (a part with a filename), not a text field.");
            if (!TextFields.Contains(field, StringComparer.Ordinal))
                return new(field, $"'{field}' is not a field of a dataset import; {fields}.");
            if (values.Count > 1) return new(field, $"{field} was given twice.");
            if (values.ToString().Length > MaxTextFieldLength) return new(field, $"{field} is longer than {MaxTextFieldLength} characters.");
        }
        return null;
    }
}
