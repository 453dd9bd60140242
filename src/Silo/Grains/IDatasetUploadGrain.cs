using UNet3D.Lab.Silo.Datasets;

namespace UNet3D.Lab.Silo.Grains;

/// <summary>
/// One upload (key: a new <see cref="Guid"/> per upload), on the primary silo, which owns the dataset store: the client
/// sends each file in chunks of at most <see cref="MaxChunkBytes"/>, then asks for the import with the form's text
/// fields. A refusal comes back as a <see cref="DatasetImportProblem"/> naming the field and the file; from then on
/// every call answers the same and nothing of the upload is kept. The received files are deleted once the import is
/// done, refused or cancelled, and if the client goes away, when the grain is deactivated.
/// </summary>
public interface IDatasetUploadGrain : IGrainWithGuidKey
{
    /// <summary>1 MiB: large enough that a gigabyte is a thousand calls, small enough for any message size limit.</summary>
    public const int MaxChunkBytes = 1 << 20;

    /// <summary>
    /// Appends <paramref name="chunk"/> to the <paramref name="field"/> (image or labels) file; the first chunk of a
    /// field starts the file under the client's <paramref name="fileName"/>, checked before anything is written. An
    /// empty file is one empty chunk. Null when accepted.
    /// </summary>
    Task<DatasetImportProblem?> Append(string field, string fileName, byte[] chunk);

    /// <summary>Checks and stores what was received with the form's text fields, as sent (unparsed).</summary>
    Task<DatasetImportOutcome> Import(string? name, string? labelKind, string? unlabeledValue, string? classes = null);

    /// <summary>Drops what was received (the client gave up).</summary>
    Task Cancel();
}
