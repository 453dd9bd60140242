using UNet3D.Lab.Experiments.Data.Formats;

namespace UNet3D.Lab.Silo.Datasets;

/// <summary>
/// Checks the name a client gave an uploaded file. Names with path separators or ".." are refused rather than
/// cleaned up, so a name is never silently changed; the store never uses a name as a path anyway.
/// </summary>
public static class DatasetFileNames
{
    public const int MaxLength = 255;

    /// <summary>The name itself when acceptable; otherwise a <see cref="DatasetImportException"/> naming field and name.</summary>
    public static string Check(string field, string? fileName)
    {
        if (string.IsNullOrWhiteSpace(fileName))
            throw new DatasetImportException(field, $"the {field} file has no name; give the file name with its extension ({VolumeFormats.Extensions}).");
        var shown = Show(fileName);
        if (fileName.Length > MaxLength)
            throw new DatasetImportException(field, $"{field} file name '{shown[..Math.Min(shown.Length, 60)]}…' is {fileName.Length} characters long; at most {MaxLength} are accepted.");
        if (fileName.IndexOfAny(['/', '\\']) >= 0 || fileName.Contains("..", StringComparison.Ordinal))
            throw new DatasetImportException(field, $"{field} file name '{shown}' was rejected: it contains a path ('/', '\\' or '..'); send the file name alone, e.g. '{Path.GetFileName(fileName.Replace('\\', '/'))}'.");
        if (fileName.Any(char.IsControl) || fileName != fileName.Trim())
            throw new DatasetImportException(field, $"{field} file name '{shown}' was rejected: it has control characters or leading/trailing spaces.");
        return fileName;
    }

    private static string Show(string name) =>
        string.Concat(name.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));
}
