using Orleans.Concurrency;

namespace UNet3D.Lab.Silo.Grains;

/// <summary>
/// One run of one of the paper's tables, keyed by its id: expands the protocol into cells, submits one experiment per
/// cell and seed to the training queue (or reuses a finished one with the same content hash), follows them and keeps
/// their results.
/// </summary>
public interface ISuiteGrain : IGrainWithStringKey
{
    /// <summary>Plans and starts the suite; starting the same request again returns the existing suite.</summary>
    /// <exception cref="ArgumentException">The request is invalid; the message names each field.</exception>
    Task<SuiteSnapshot> Start(SuiteRequest request);

    /// <summary>
    /// Problems with a request, each naming its field; empty when it can start. Checked where the datasets are, as
    /// <see cref="Start"/> plans it; reads no state, so it runs beside the other calls.
    /// </summary>
    [AlwaysInterleave]
    Task<SpecProblem[]> Check(SuiteRequest request);

    /// <summary>The suite, or null when no suite has this id.</summary>
    Task<SuiteSnapshot?> Get();

    /// <summary>Follows the suite's experiments again after a restart of the lab (activating the grain does the same).</summary>
    Task Resume();
}
