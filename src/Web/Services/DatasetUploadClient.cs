using UNet3D.Lab.Silo.Datasets;
using UNet3D.Lab.Silo.Grains;

namespace UNet3D.Lab.Web.Services;

/// <summary>
/// One upload through its <see cref="IDatasetUploadGrain"/>: each file streamed in chunks of at most
/// <see cref="IDatasetUploadGrain.MaxChunkBytes"/>, then imported with the form's text fields. A refusal is thrown as
/// the lab's own exception: <see cref="UploadTooLargeException"/> for an upload over the limit,
/// <see cref="DatasetImportException"/> for anything else, each naming the field (and the file where there is one).
/// Disposing an upload that was not imported drops what was sent.
/// </summary>
public sealed class DatasetUploadClient(IDatasetUploadGrain grain) : IAsyncDisposable
{
    private bool done;

    /// <summary>Bytes of file content sent so far.</summary>
    public long SentBytes { get; private set; }

    /// <summary>Sends <paramref name="content"/> (read to its end) as the <paramref name="field"/> file named <paramref name="fileName"/>.</summary>
    public async Task Send(string field, string? fileName, Stream content, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var buffer = new byte[IDatasetUploadGrain.MaxChunkBytes];
        var first = true;
        while (true)
        {
            var read = await content.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellation);
            // An empty file is sent as one empty chunk, so that the grain still learns its name.
            if (read == 0 && !first) return;
            var chunk = read == buffer.Length ? buffer : buffer[..read];
            if (await grain.Append(field, fileName ?? "", chunk) is { } problem)
            {
                done = true;
                throw problem.ToException();
            }
            SentBytes += read;
            first = false;
            if (read < buffer.Length) return;
        }
    }

    /// <summary>Checks and stores what was sent; the stored dataset.</summary>
    public async Task<DatasetInfo> Import(string? name, string? labelKind, string? unlabeledValue, string? classes = null)
    {
        done = true;
        var outcome = await grain.Import(name, labelKind, unlabeledValue, classes);
        return outcome.Dataset ?? throw (outcome.Problem ?? new DatasetImportProblem("", "the import was refused without a reason")).ToException();
    }

    public async ValueTask DisposeAsync()
    {
        if (done) return;
        done = true;
        try
        {
            await grain.Cancel();
        }
        catch (Exception e) when (e is OrleansException or TimeoutException)
        {
            // The silo is out of reach: it sweeps its staging area when it starts again.
        }
    }
}
