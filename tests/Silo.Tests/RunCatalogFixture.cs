using Orleans.TestingHost;
using UNet3D.Lab.Experiments.Runs;
using UNet3D.Lab.Silo.Grains;
using UNet3D.Lab.Silo.Models;

namespace UNet3D.Lab.Silo.Tests;

/// <summary>
/// A lab with five runs, submitted in this order (so oldest first): Alpha (3d, completed, mean IoU 0.8, tags baseline
/// and Keep, ablation abl-one), beta (2d without BN, cpu preset, completed 0.6, tag BASELINE), Gamma (3d, failed,
/// ablation abl-one), delta (3d, queued), Epsilon (2d, completed with an undefined IoU).
/// </summary>
public sealed class RunCatalogFixture : IAsyncLifetime
{
    private readonly TemporaryDirectory data = new();

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IRunCatalogGrain Runs => Cluster.Client.GetGrain<IRunCatalogGrain>(IRunCatalogGrain.Key);

    /// <summary>Run name → id.</summary>
    public Dictionary<string, string> Ids { get; } = [];

    public async Task InitializeAsync()
    {
        Cluster = await LabClusterFactory.StartAsync(data.Path, workerSlots: 0);
        var client = Cluster.Client;

        var alpha = await Add(TestRuns.Spec("Alpha"));
        await TestRuns.Complete(alpha, meanIou: 0.8, finalLoss: 0.2, trainingSeconds: 30);
        await alpha.Annotate(new RunAnnotation { Tags = ["baseline", "Keep"] });
        await alpha.JoinAblation("abl-one");

        var beta = await Add(TestRuns.Spec("beta", ModelKind.TwoD, batchNorm: false, preset: "cpu"));
        await TestRuns.Complete(beta, meanIou: 0.6, finalLoss: 0.3, trainingSeconds: 50);
        await beta.Annotate(new RunAnnotation { Tags = ["BASELINE"] });

        var gamma = await Add(TestRuns.Spec("Gamma"));
        await TestRuns.Fail(gamma);
        await gamma.JoinAblation("abl-one");

        await Add(TestRuns.Spec("delta"));

        var epsilon = await Add(TestRuns.Spec("Epsilon", ModelKind.TwoD));
        await TestRuns.Complete(epsilon, meanIou: double.NaN, finalLoss: 0.5, trainingSeconds: 40);

        async Task<IExperimentGrain> Add(ExperimentSpec spec)
        {
            var grain = await TestRuns.Submit(client, spec);
            Ids[spec.Name] = grain.GetPrimaryKeyString();
            return grain;
        }
    }

    /// <summary>The names of the runs with these ids, in order.</summary>
    public string[] Names(IEnumerable<string> ids) => ids.Select(id => Ids.Single(p => p.Value == id).Key).ToArray();

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        data.Dispose();
    }
}
