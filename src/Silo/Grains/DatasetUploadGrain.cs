using UNet3D.Lab.Silo.Datasets;

namespace UNet3D.Lab.Silo.Grains;

/// <summary>
/// Receives one upload into the store's staging area (<see cref="DatasetUpload"/>) and imports it. Writing, checking
/// and storing are file I/O and parsing, so they run on the thread pool; the grain is not reentrant, so its calls,
/// and the upload they share, never overlap.
/// </summary>
[PrimarySiloPlacement]
public sealed class DatasetUploadGrain(DatasetStore store, ILogger<DatasetUploadGrain> logger) : Grain, IDatasetUploadGrain
{
    private DatasetUpload? upload;
    private DatasetImportProblem? refused;
    private bool finished;

    public async Task<DatasetImportProblem?> Append(string field, string fileName, byte[] chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        if (chunk.Length > IDatasetUploadGrain.MaxChunkBytes)
            throw new ArgumentException($"A chunk has at most {IDatasetUploadGrain.MaxChunkBytes} bytes; this one has {chunk.Length}.", nameof(chunk));
        if (refused is not null) return refused;
        if (finished) throw new InvalidOperationException($"Upload {this.GetPrimaryKey()} was already imported or cancelled; start a new one.");
        try
        {
            await Task.Run(() =>
            {
                upload ??= store.BeginUpload();
                upload.Append(field, fileName, chunk);
            });
            return null;
        }
        catch (DatasetImportException e)
        {
            return await Refuse(new DatasetImportProblem(e.Field, e.Message));
        }
        catch (UploadTooLargeException e)
        {
            return await Refuse(new DatasetImportProblem(e.Field ?? field, e.Message, TooLarge: true));
        }
    }

    public async Task<DatasetImportOutcome> Import(string? name, string? labelKind, string? unlabeledValue, string? classes)
    {
        if (refused is not null) return new DatasetImportOutcome(null, refused);
        if (finished) throw new InvalidOperationException($"Upload {this.GetPrimaryKey()} was already imported or cancelled; start a new one.");
        var request = upload?.Request(name, labelKind, unlabeledValue, classes)
            ?? new DatasetImportRequest { Name = name, LabelKind = labelKind, UnlabeledValue = unlabeledValue, Classes = classes };
        try
        {
            var info = await Task.Run(() => store.Import(request));
            return new DatasetImportOutcome(info, null);
        }
        catch (DatasetImportException e)
        {
            logger.LogInformation("Upload {UploadId} refused: {Field}: {Reason}", this.GetPrimaryKey(), e.Field, e.Message);
            return new DatasetImportOutcome(null, new DatasetImportProblem(e.Field, e.Message));
        }
        finally
        {
            await Finish();
        }
    }

    public Task Cancel() => Finish();

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await Discard();
        await base.OnDeactivateAsync(reason, cancellationToken);
    }

    private async Task<DatasetImportProblem> Refuse(DatasetImportProblem problem)
    {
        logger.LogInformation("Upload {UploadId} refused: {Problem}", this.GetPrimaryKey(), problem);
        refused = problem;
        await Discard();
        return problem;
    }

    private async Task Finish()
    {
        finished = true;
        await Discard();
        DeactivateOnIdle();
    }

    /// <summary>Deletes the received files (a folder of the staging area) off the scheduler.</summary>
    private async Task Discard()
    {
        if (upload is not { } received) return;
        upload = null;
        await Task.Run(received.Dispose);
    }
}
