using Microsoft.Extensions.Options;
using UNet3D.Lab.Silo.Series;

namespace UNet3D.Lab.Silo.Runs;

/// <summary>
/// Everything stored about a run besides its grain state: its row in the run index, its metric series, its checkpoint
/// and the predictions made with it. The one place
/// that removes a run's data when the run is deleted. Synchronous I/O: call it off the Orleans scheduler.
/// </summary>
public sealed class RunArtifacts(RunIndex index, SeriesStore series, IOptions<LabOptions> options)
{
    public void Remove(string experimentId)
    {
        series.Delete(experimentId);
        index.Remove(experimentId);
        // The last checkpoint, and one a stopped worker left half written. A checkpoint a silo on another machine wrote
        // stays in that machine's data folder.
        var checkpoint = options.Value.CheckpointPath(experimentId);
        foreach (var file in new[] { checkpoint, checkpoint + ".partial" })
            if (File.Exists(file)) File.Delete(file);
        var predictions = options.Value.PredictionsDirectory(experimentId);
        if (Directory.Exists(predictions)) Directory.Delete(predictions, recursive: true);
    }
}
