using Orleans.Concurrency;
using UNet3D.Lab.Silo.Feeds;

namespace UNet3D.Lab.Silo.Grains;

/// <summary>
/// One ablation, keyed by its id: a grid of configurations or one of the paper's tables. Expands it into cells, submits
/// one experiment per cell and seed to the training queue (or reuses a finished one with the same content hash),
/// follows them and keeps their results.
/// </summary>
public interface IAblationGrain : IGrainWithStringKey
{
    /// <summary>Plans and starts a table; starting the same request again returns the existing ablation.</summary>
    /// <exception cref="ArgumentException">The request is invalid; the message names each field.</exception>
    Task<AblationSnapshot> StartTable(TableRequest request);

    /// <summary>Plans and starts a grid; starting it again returns the existing ablation.</summary>
    /// <exception cref="ArgumentException">The request is invalid; the message names each field.</exception>
    Task<AblationSnapshot> StartGrid(GridRequest request);

    /// <summary>
    /// The plan of a table request (its runs and cells' configurations, nothing submitted) or the problems that stop it,
    /// each naming its field. Checked where the datasets are, as <see cref="StartTable"/> plans it; reads no state, so it
    /// runs beside the other calls.
    /// </summary>
    [AlwaysInterleave]
    Task<GridCheck> CheckTable(TableRequest request);

    /// <summary>The plan of a grid (its runs, nothing submitted) or the problems that stop it, each naming its field.</summary>
    [AlwaysInterleave]
    Task<GridCheck> CheckGrid(GridRequest request);

    /// <summary>The ablation, or null when none has this id.</summary>
    Task<AblationSnapshot?> Get();

    /// <summary>Follows the ablation's experiments again after a restart of the lab (activating the grain does the same).</summary>
    Task Resume();

    /// <summary>
    /// Tells <paramref name="observer"/> the ablation each time it changes, until it unfollows or stops renewing;
    /// calling again renews. Returns the ablation as it is now, null when there is none.
    /// </summary>
    Task<AblationSnapshot?> Follow(IChangeObserver<AblationSnapshot> observer);

    Task Unfollow(IChangeObserver<AblationSnapshot> observer);
}
