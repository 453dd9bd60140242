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

    /// <summary>Renames, tags or notes the run; null when there is no such run. An invalid annotation throws <see cref="ArgumentException"/> naming the field.</summary>
    Task<ExperimentSnapshot?> Annotate(RunAnnotation annotation);

    /// <summary>Removes a finished run with everything stored about it; a queued or running one is refused (cancel it first).</summary>
    Task<ExperimentRemoval> Delete();

    /// <summary>Records that an ablation (or table run) uses this run; again for the same id changes nothing. Null when there is no such run.</summary>
    Task<ExperimentSnapshot?> JoinAblation(string ablationId);
}
