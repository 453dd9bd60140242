namespace UNet3D.Lab.Silo.Grains;

/// <summary>One experiment, keyed by its id. Researchers submit, read and cancel; workers report.</summary>
public interface IExperimentGrain : IGrainWithStringKey
{
    /// <summary>Creates and queues the experiment; submitting the same config again returns the existing one.</summary>
    Task<ExperimentSnapshot> Submit(ExperimentSpec config);

    /// <summary>The experiment, or null when no experiment has this id.</summary>
    Task<ExperimentSnapshot?> Get();

    Task<ExperimentSnapshot?> Cancel();

    /// <summary>Queues the experiment again if it was queued or running when the lab stopped.</summary>
    Task Recover();

    /// <param name="resumedFromStep">The checkpoint step the worker continues from; 0 when it starts afresh.</param>
    Task<WorkerDirective> ReportStarted(int attempt, string worker, string device, int resumedFromStep);

    Task<WorkerDirective> ReportProgress(int attempt, LossPoint[] points);

    Task ReportCompleted(int attempt, ExperimentResult metrics);

    Task ReportFailed(int attempt, string error);

    Task ReportCancelled(int attempt);
}
