using System.Buffers;

namespace UNet3D.Lab.Silo.Datasets;

/// <summary>
/// The files of one upload on their way in: streamed to a folder of the store's staging area (never held in memory),
/// counted against the upload limit, and deleted with the folder when disposed, whether the import succeeded or not.
/// </summary>
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
    /// Streams <paramref name="content"/> into the staging folder as the <paramref name="field"/> file. The file name is
    /// checked first (<see cref="DatasetFileNames"/>); more bytes than the limit throw <see cref="UploadTooLargeException"/>.
    /// </summary>
    public async Task SaveAsync(string field, string? fileName, Stream content, CancellationToken cancellation = default)
    {
        if (field is not (ImageField or LabelsField))
            throw new DatasetImportException(field, $"'{field}' is not a file field of an import; files go in '{ImageField}' and '{LabelsField}'.");
        if ((field == ImageField ? Image : Labels) is not null)
            throw new DatasetImportException(field, $"only one {field} file per import.");
        var name = DatasetFileNames.Check(field, fileName);
        var directory = Path.Combine(folder, field);
        Directory.CreateDirectory(directory);
        var path = Path.GetFullPath(Path.Combine(directory, name));
        if (Path.GetDirectoryName(path) != Path.GetFullPath(directory))
            throw new DatasetImportException(field, $"{field} file name '{name}' was rejected: it is not a plain file name.");

        var buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
            int read;
            while ((read = await content.ReadAsync(buffer, cancellation)) > 0)
            {
                ReceivedBytes += read;
                if (ReceivedBytes > MaxBytes) throw new UploadTooLargeException(MaxBytes, field, name);
                await file.WriteAsync(buffer.AsMemory(0, read), cancellation);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        var saved = new DatasetFile(name, path);
        if (field == ImageField) Image = saved;
        else Labels = saved;
    }

    /// <summary>The import of what was uploaded, with the form's text fields as sent.</summary>
    public DatasetImportRequest Request(string? name, string? labelKind, string? unlabeledValue) => new()
    {
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
}
