using UNet3D.Lab.Experiments.Data.Formats;
using UNet3D.Lab.Silo.Datasets;
using UNet3D.Lab.Silo.Runs;

namespace UNet3D.Lab.Web.Services;

/// <summary>
/// The web layer's door to volumes as NIfTI, predictions and weights. The work (loading a volume, a whole-volume
/// inference, writing gzip) is synchronous and heavy, so it runs here on thread pool threads, never on a request's
/// or an Orleans scheduler's thread, and at most <see cref="MaxConcurrentWork"/> at a time: two inferences on 2 cores
/// would only slow each other and double the memory.
/// </summary>
public sealed class RunOutputClient(RunOutputs outputs, DatasetStore datasets)
{
    public const int MaxConcurrentWork = 1;

    private readonly SemaphoreSlim gate = new(MaxConcurrentWork, MaxConcurrentWork);

    public RunOutputs Outputs => outputs;

    /// <summary>A dataset's image or labels, written to a temporary file that is removed when the stream is closed; null when there is no such dataset or no labels.</summary>
    public Task<Stream?> DatasetVolume(string id, bool labels, CancellationToken cancellation) => Run(() =>
    {
        if (datasets.Find(id) is null) return null;
        var volume = datasets.Load(id);
        var info = datasets.Find(id)!;
        NiftiImage image;
        NiftiDataType type;
        if (labels)
        {
            if (DatasetNifti.Labels(info, volume) is not { } labelImage) return null;
            (image, type) = labelImage;
        }
        else
        {
            (image, type) = (DatasetNifti.Image(info, volume), NiftiDataType.Float32);
        }
        var path = Path.Combine(Path.GetTempPath(), $"unet3d-lab-{Guid.NewGuid():N}.nii.gz");
        NiftiWriter.Write(path, image, type);
        return (Stream?)new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 16, FileOptions.DeleteOnClose);
    }, cancellation);

    public Task<bool> DatasetExists(string id) => Task.Run(() => datasets.Find(id) is not null);

    public Task PredictDataset(string experimentId, string datasetId, CancellationToken cancellation) =>
        Run(() => { outputs.PredictDataset(experimentId, datasetId); return true; }, cancellation);

    public Task<string> PredictUpload(string experimentId, string path, string fileName, CancellationToken cancellation) =>
        Run(() => outputs.PredictUpload(experimentId, path, fileName), cancellation);

    /// <summary>Why the run has no final checkpoint to start another from; null when it has one.</summary>
    public Task<string?> CheckpointProblem(string experimentId, CancellationToken cancellation) => Run<string?>(() =>
    {
        try
        {
            outputs.FinalCheckpoint(experimentId);
            return null;
        }
        catch (RunOutputException e)
        {
            return e.Message;
        }
    }, cancellation);

    /// <summary>The final checkpoint's weights in memory (a few MB at most for the lab's presets).</summary>
    public Task<byte[]> Weights(string experimentId, bool safetensors, CancellationToken cancellation) => Run(() =>
    {
        using var buffer = new MemoryStream();
        outputs.WriteWeights(experimentId, buffer, safetensors);
        return buffer.ToArray();
    }, cancellation);

    private async Task<T> Run<T>(Func<T> work, CancellationToken cancellation)
    {
        await gate.WaitAsync(cancellation);
        try
        {
            return await Task.Run(work, CancellationToken.None);
        }
        finally
        {
            gate.Release();
        }
    }
}
