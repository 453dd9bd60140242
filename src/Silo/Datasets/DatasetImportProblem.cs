namespace UNet3D.Lab.Silo.Datasets;

/// <summary>
/// Why an upload or import was refused, as the upload grain answers it: the request field at fault (image, labels,
/// name, labelKind, unlabeledValue) and a message naming the file where there is one. <see cref="TooLarge"/> marks
/// an upload over <c>Lab:Datasets:MaxUploadBytes</c> (HTTP 413); any other refusal is the request's fault (400).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record DatasetImportProblem(
    [property: Id(0)] string Field,
    [property: Id(1)] string Message,
    [property: Id(2)] bool TooLarge = false)
{
    /// <summary>The exception the lab's own code raises for this refusal: <see cref="UploadTooLargeException"/> or <see cref="DatasetImportException"/>.</summary>
    public Exception ToException() =>
        TooLarge ? new UploadTooLargeException(Field, Message) : new DatasetImportException(Field, Message);

    public override string ToString() => $"{Field}: {Message}";
}
