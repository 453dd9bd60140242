using Microsoft.Extensions.Options;
using UNet3D.Lab.Experiments.Data.Formats;
using UNet3D.Lab.Experiments.Export;
using UNet3D.Lab.Experiments.Inference;
using UNet3D.Lab.Experiments.Training;
using UNet3D.Lab.Silo.Datasets;

namespace UNet3D.Lab.Silo.Runs;

/// <summary>
/// What a finished run gives out: its final checkpoint's weights, and the label maps and class probabilities it
/// predicts for a volume, as NIfTI files with the volume's geometry, under
/// <see cref="LabOptions.PredictionsDirectory"/> (removed with the run by <see cref="RunArtifacts"/>). A file is
/// computed once and then served from the disk.
/// </summary>
/// <remarks>Synchronous and heavy (a whole-volume inference): callers run it on a worker thread, never on an Orleans scheduler thread.</remarks>
public sealed class RunOutputs(DatasetStore datasets, IOptions<LabOptions> options)
{
    public const string UploadPrefix = "upload-";
    private const string LabelsSuffix = ".labels.nii.gz";
    private const string ProbabilitiesSuffix = ".probabilities.nii.gz";

    /// <summary>Where the prediction of <paramref name="key"/> (a dataset id or an upload's key) is or will be stored.</summary>
    public string PathOf(string experimentId, string key, bool probabilities) =>
        Path.Combine(options.Value.PredictionsDirectory(experimentId), key + (probabilities ? ProbabilitiesSuffix : LabelsSuffix));

    public bool Exists(string experimentId, string key) => File.Exists(PathOf(experimentId, key, probabilities: true))
        && File.Exists(PathOf(experimentId, key, probabilities: false));

    /// <summary>The trained network: the checkpoint written at the run's last step; a 409 problem when there is none.</summary>
    public TrainingCheckpoint FinalCheckpoint(string experimentId)
    {
        var path = options.Value.CheckpointPath(experimentId);
        if (!File.Exists(path))
            throw new RunOutputException(409, "id", $"Experiment '{experimentId}' has no final checkpoint (it did not complete training, or its checkpoint is on another machine).");
        var checkpoint = TrainingCheckpoint.Load(path);
        if (checkpoint.Metadata.Step != checkpoint.Metadata.TotalSteps)
            throw new RunOutputException(409, "id",
                $"Experiment '{experimentId}' has a checkpoint at step {checkpoint.Metadata.Step} of {checkpoint.Metadata.TotalSteps}, not a final one; wait until it completes.");
        return checkpoint;
    }

    /// <summary>Predicts dataset <paramref name="datasetId"/> with the run's final checkpoint unless already stored.</summary>
    public void PredictDataset(string experimentId, string datasetId)
    {
        if (Exists(experimentId, datasetId)) return;
        var checkpoint = FinalCheckpoint(experimentId);
        var info = datasets.Find(datasetId) ?? throw new RunOutputException(404, "datasetId", $"No dataset with id '{datasetId}'.");
        var volume = datasets.Load(datasetId);
        Predict(experimentId, datasetId, checkpoint, DatasetNifti.Image(info, volume), info.Name);
    }

    /// <summary>
    /// Predicts an uploaded volume (any format of <see cref="VolumeFormats"/>; a NIfTI file keeps its header geometry);
    /// returns the key its downloads are stored under.
    /// </summary>
    public string PredictUpload(string experimentId, string path, string fileName)
    {
        var checkpoint = FinalCheckpoint(experimentId);
        var format = VolumeFormats.For(fileName)
            ?? throw new RunOutputException(400, "volume", $"{fileName}: the lab reads {VolumeFormats.Extensions} files; the file name's extension says otherwise.");
        NiftiImage image;
        try
        {
            image = format.ReadAsNifti(path);
        }
        catch (Exception e) when (e is VolumeFormatException or NiftiFormatException or InvalidDataException or EndOfStreamException)
        {
            throw new RunOutputException(400, "volume", $"{fileName}: {e.Message}");
        }
        var key = UploadPrefix + Guid.NewGuid().ToString("N");
        Predict(experimentId, key, checkpoint, image, fileName);
        return key;
    }

    public void WriteWeights(string experimentId, Stream target, bool safetensors)
    {
        var checkpoint = FinalCheckpoint(experimentId);
        if (safetensors) WeightsExport.WriteSafetensors(checkpoint, target);
        else WeightsExport.WritePyTorch(checkpoint, target);
    }

    private void Predict(string experimentId, string key, TrainingCheckpoint checkpoint, NiftiImage image, string name)
    {
        SegmentationOutput result;
        try
        {
            result = new CheckpointSegmenter(checkpoint, TorchSharp.torch.CPU).Segment(image, name, withProbabilities: true);
        }
        catch (ArgumentException e)
        {
            throw new RunOutputException(400, key.StartsWith(UploadPrefix, StringComparison.Ordinal) ? "volume" : "datasetId", e.Message);
        }
        NiftiWriter.Write(PathOf(experimentId, key, probabilities: true), result.Probabilities!, NiftiDataType.Float32);
        NiftiWriter.Write(PathOf(experimentId, key, probabilities: false), result.Labels, NiftiDataType.UInt8);
    }
}
