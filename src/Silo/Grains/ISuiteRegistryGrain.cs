using Orleans.Concurrency;
using UNet3D.Lab.Experiments.Runs;
using UNet3D.Lab.Silo.Models;

namespace UNet3D.Lab.Silo.Grains;

/// <summary>The lab's list of suite ids, newest first, and the check of a request. One per lab: key <see cref="Key"/>.</summary>
public interface ISuiteRegistryGrain : IGrainWithStringKey
{
    public const string Key = "lab";

    Task Register(string suiteId);

    Task<string[]> List();

    /// <summary>
    /// Problems with a request, each naming its field; empty when it can start. Checked against the primary silo's
    /// datasets, as <see cref="ISuiteGrain.Start"/> plans it; reads no state, so it runs beside the other calls.
    /// </summary>
    [AlwaysInterleave]
    Task<SpecProblem[]> Check(SuiteRequest request);
}
