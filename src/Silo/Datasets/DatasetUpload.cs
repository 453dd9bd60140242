namespace UNet3D.Lab.Silo.Datasets;

/// <summary>
/// The files of one upload on their way in, chunk by chunk: written to a folder of the store's staging area (never
/// held in memory whole), counted against the upload limit, and deleted with the folder when disposed, whether the
/// import succeeded or not.
/// </summary>
/// <remarks>Synchronous file I/O: call it off Orleans scheduler threads (<c>IDatasetUploadGrain</c> does).</remarks>
public sealed class DatasetUpload : IDisposable
{
    public const string ImageField = "image";
    public const string LabelsField = "labels";

    private readonly string folder;

    internal DatasetUpload(string folder, long maxBytes)
    {
        this.folder = folder;
        MaxBytes = maxBytes;
        Directory.CreateDirectory(folder);
    }

    public long MaxBytes { get; }

    public long ReceivedBytes { get; private set; }

    public DatasetFile? Image { get; private set; }

    public DatasetFile? Labels { get; private set; }

    /// <summary>
    /// Appends <paramref name="chunk"/> to the <paramref name="field"/> file; the first chunk of a field starts the file
    /// under <paramref name="fileName"/>, checked first (<see cref="DatasetFileNames"/>). More bytes in all than the
    /// limit throw <see cref="UploadTooLargeException"/>; a second file for a field, or a field that takes no file,
    /// a <see cref="DatasetImportException"/>.
    /// </summary>
    public void Append(string field, string? fileName, ReadOnlySpan<byte> chunk)
    {
        if (field is not (ImageField or LabelsField))
            throw new DatasetImportException(field, $"'{field}' is not a file field of an import; files go in '{ImageField}' and '{LabelsField}'.");
        var existing = field == ImageField ? Image : Labels;
        if (existing is not null && existing.FileName != fileName)
            throw new DatasetImportException(field, $"only one {field} file per import.");
        var file = existing ?? Start(field, fileName);
        if (ReceivedBytes + chunk.Length > MaxBytes) throw new UploadTooLargeException(MaxBytes, field, file.FileName);
        using (var stream = new FileStream(file.Path, FileMode.Append, FileAccess.Write, FileShare.None, bufferSize: 0))
        {
            stream.Write(chunk);
        }
        ReceivedBytes += chunk.Length;
    }

    /// <summary>The import of what was uploaded, with the form's text fields as sent.</summary>
    public DatasetImportRequest Request(string? name, string? labelKind, string? unlabeledValue, string? classes = null) => new()
    {
        Classes = classes,
        Name = name,
        Image = Image,
        Labels = Labels,
        LabelKind = labelKind,
        UnlabeledValue = unlabeledValue,
    };

    public void Dispose()
    {
        try
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // Swept at the store's next start.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private DatasetFile Start(string field, string? fileName)
    {
        var name = DatasetFileNames.Check(field, fileName);
        var directory = Path.Combine(folder, field);
        Directory.CreateDirectory(directory);
        var path = Path.GetFullPath(Path.Combine(directory, name));
        if (Path.GetDirectoryName(path) != Path.GetFullPath(directory))
            throw new DatasetImportException(field, $"{field} file name '{name}' was rejected: it is not a plain file name.");
        File.Create(path).Dispose();
        var file = new DatasetFile(name, path);
        if (field == ImageField) Image = file;
        else Labels = file;
        return file;
    }
}
