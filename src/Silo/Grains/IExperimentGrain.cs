using Orleans.Concurrency;
using UNet3D.Lab.Silo.Feeds;
using UNet3D.Lab.Silo.Series;

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

    /// <summary>
    /// The queue took the job of this attempt back from its slot (lease expired, silo dead): a run whose cancel was
    /// asked for ends cancelled, any other goes back to the front of the queue under a new attempt.
    /// </summary>
    [OneWay]
    Task LeaseLost(int attempt);

    /// <param name="resumedFromStep">The checkpoint step the worker continues from; 0 when it starts afresh. The
    /// series lose their points after it: the worker sends those steps again.</param>
    Task<WorkerDirective> ReportStarted(int attempt, string worker, string device, int resumedFromStep);

    /// <summary>New points of the run's metric series (<see cref="MetricSeries"/>); steps already stored are ignored.</summary>
    Task<WorkerDirective> ReportProgress(int attempt, SeriesBatch[] series);

    Task ReportCompleted(int attempt, ExperimentResult metrics);

    Task ReportFailed(int attempt, string error);

    Task ReportCancelled(int attempt);

    /// <summary>Renames, tags or notes the run; null when there is no such run. An invalid annotation throws <see cref="ArgumentException"/> naming the field.</summary>
    Task<ExperimentSnapshot?> Annotate(RunAnnotation annotation);

    /// <summary>Removes a finished run with everything stored about it; a queued or running one is refused (cancel it first).</summary>
    Task<ExperimentRemoval> Delete();

    /// <summary>Records that an ablation (or table run) uses this run; again for the same id changes nothing. Null when there is no such run.</summary>
    Task<ExperimentSnapshot?> JoinAblation(string ablationId);

    /// <summary>The experiment's metric series; null when no experiment has this id.</summary>
    [AlwaysInterleave]
    Task<SeriesSummary[]?> ListSeries();

    /// <summary>
    /// Steps <paramref name="from"/> to <paramref name="to"/> of a series (null: its start, its end), cut down to at
    /// most <paramref name="maxPoints"/> keeping each bucket's lowest and highest point and both ends
    /// (<see cref="SeriesDownsampler"/>); null when there is no such experiment or series.
    /// </summary>
    [AlwaysInterleave]
    Task<SeriesPage?> ReadSeries(string name, int? from, int? to, int maxPoints);

    /// <summary>
    /// Tells <paramref name="observer"/> every change from now on (status, progress and the new series points), until it
    /// unfollows or stops renewing (<see cref="ChangeFeed{T}.Expiration"/>); calling again renews. Returns the
    /// experiment as it is now, null when there is none.
    /// </summary>
    Task<ExperimentSnapshot?> Follow(IChangeObserver<ExperimentChange> observer);

    Task Unfollow(IChangeObserver<ExperimentChange> observer);
}
