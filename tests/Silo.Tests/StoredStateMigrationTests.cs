using LiteDB;
using UNet3D.Lab.Experiments.Data;
using UNet3D.Lab.Experiments.Runs;
using UNet3D.Lab.Silo.Grains;
using UNet3D.Lab.Silo.Models;
using UNet3D.Lab.Silo.Series;
using UNet3D.Lab.Silo.Storage;

namespace UNet3D.Lab.Silo.Tests;

/// <summary>A lab.db written before the engine's types became the stored ones still opens, with every run intact.</summary>
public sealed class StoredStateMigrationTests
{
    // What the lab wrote before data version 1: its own ExperimentConfig and ExperimentMetrics, PascalCase enums.
    private const string OldExperiment = """
        {"snapshot":{"id":"exp-old1","config":{"name":"old run","model":"TwoD","batchNorm":false,"annotatedSlices":[1,1,1],
        "preset":"smoke","seed":2,"iterations":5,"dataSeed":2016,"augment":null,"datasets":[{"id":"phantom-tiny-s1","annotatedSlices":[3,3,8]}],
        "testDatasets":null,"foldCount":3,"foldHeld":1,"excludedFromTest":null},"status":"Completed","step":5,"totalSteps":5,
        "createdAt":"2026-11-20T10:00:00+00:00","startedAt":"2026-11-20T10:00:01+00:00","finishedAt":"2026-11-20T10:00:09+00:00",
        "curve":[{"step":1,"loss":1.25,"seconds":0.1}],"metrics":{"samples":[{"sample":"S1","ioU":0.5,"classIoU":[0.4,0.5,0.9],
        "classDice":[0.6,0.7,0.95],"evaluatedVoxels":100,"annotatedFraction":0.1}],"meanIoU":0.5,"ioUClasses":[1],"ioUClassNames":"tubule",
        "classWeights":[1,2,0.5],"trainableParameters":10,"batchNormParameters":2,"trainingSeconds":1.5,"evaluationSeconds":0.5,
        "device":"cpu","finalLoss":0.9},"error":null,"worker":"w","cancelRequested":false,"attempt":1}}
        """;

    [Fact]
    public async Task Experiments_and_lists_of_an_older_lab_open_with_their_configuration_and_metrics()
    {
        using var data = new TemporaryDirectory();
        using (var old = new LiteDatabase(new ConnectionString { Filename = Path.Combine(data.Path, LabStorage.FileName), Connection = ConnectionType.Direct }))
        {
            Store(old, "experiment", "experiment/exp-old1", OldExperiment);
            Store(old, "registry", "experimentregistry/lab", """{"ids":["exp-old1"]}""");
            Store(old, "suites", "suiteregistry/lab", """{"ids":["suite-old1"]}""");
            Assert.Equal(0, old.UserVersion);
        }

        await using (var cluster = await LabClusterFactory.StartAsync(data.Path, workerSlots: 0))
        {
            var ids = await cluster.Client.GetGrain<IRegistryGrain>(IRegistryGrain.Experiments).List();
            Assert.Equal(["exp-old1"], ids);
            Assert.Equal(["suite-old1"], await cluster.Client.GetGrain<IRegistryGrain>(IRegistryGrain.Suites).List());
            var snapshot = await cluster.Client.GetGrain<IExperimentGrain>("exp-old1").Get();
            Assert.NotNull(snapshot);
            Assert.Equal(ExperimentStatus.Completed, snapshot.Status);
            Assert.Equal((ModelKind.TwoD, false, new SliceFold(3, 1)), (snapshot.Config.Model, snapshot.Config.BatchNorm, snapshot.Config.Fold));
            Assert.Equal([3, 3, 8], snapshot.Config.Datasets![0].AnnotatedSlices);
            Assert.Equal(0.5, snapshot.Metrics!.MeanIoU);
            Assert.Equal([1], snapshot.Metrics.IoUClasses);
            Assert.Equal((0.5, 0.9), (snapshot.Metrics.Samples[0].IoU, snapshot.Metrics.Samples[0].ClassIoU[2]));
            Assert.Equal(5, snapshot.Metrics.Iterations);
            Assert.Equal(1.25, snapshot.LastLoss);
            var loss = await cluster.Client.GetGrain<IExperimentGrain>("exp-old1").ReadSeries(MetricSeries.Loss, null, null, 100);
            Assert.Equal([new SeriesPoint(1, 1.25, 0.1)], loss!.Points);
        }

        using var reopened = new LiteDatabase(new ConnectionString { Filename = Path.Combine(data.Path, LabStorage.FileName), Connection = ConnectionType.Direct });
        Assert.Equal(StoredStateMigration.CurrentVersion, reopened.UserVersion);
        Assert.DoesNotContain("\"curve\"", reopened.GetCollection("experiment").FindById("experiment/exp-old1")["state"].AsString);
    }

    [Fact]
    public async Task A_curve_stored_in_the_state_moves_to_the_loss_series_and_leaves_the_state()
    {
        // Data version 2: today's shape but for the curve, which the state still held.
        var curve = string.Join(",", Enumerable.Range(1, 1500).Select(s => FormattableString.Invariant($$"""{"step":{{s}},"loss":{{1.0 / s:R}},"seconds":{{s * 0.5:R}}}""")));
        var state = $$$"""
            {"snapshot":{"id":"exp-v2","config":{"name":"v2 run","model":"3d","preset":"smoke","iterations":1500},"status":"completed",
            "step":1500,"totalSteps":1500,"createdAt":"2026-11-20T10:00:00+00:00","curve":[{{{curve}}}],"attempt":1}}
            """;
        using var data = new TemporaryDirectory();
        using (var old = new LiteDatabase(new ConnectionString { Filename = Path.Combine(data.Path, LabStorage.FileName), Connection = ConnectionType.Direct }))
        {
            Store(old, "experiment", "experiment/exp-v2", state);
            Store(old, "registry", "registry/experiments", """{"ids":["exp-v2"]}""");
            old.UserVersion = 2;
        }

        await using (var cluster = await LabClusterFactory.StartAsync(data.Path, workerSlots: 0))
        {
            var grain = cluster.Client.GetGrain<IExperimentGrain>("exp-v2");
            var snapshot = await grain.Get();
            Assert.Equal((1500, 1.0 / 1500), (snapshot!.Step, snapshot.LastLoss));
            Assert.Equal([new SeriesSummary(MetricSeries.Loss, 1500, 1500)], (await grain.ListSeries())!);
            var points = (await grain.ReadSeries(MetricSeries.Loss, null, null, 2000))!.Points;
            Assert.Equal(Enumerable.Range(1, 1500).Select(s => new SeriesPoint(s, 1.0 / s, s * 0.5)), points);
        }

        using var reopened = new LiteDatabase(new ConnectionString { Filename = Path.Combine(data.Path, LabStorage.FileName), Connection = ConnectionType.Direct });
        Assert.Equal(StoredStateMigration.CurrentVersion, reopened.UserVersion);
        Assert.DoesNotContain("\"curve\"", reopened.GetCollection("experiment").FindById("experiment/exp-v2")["state"].AsString);
    }

    private static void Store(LiteDatabase database, string collection, string id, string state) =>
        database.GetCollection(collection).Insert(new BsonDocument
        {
            ["_id"] = id, ["etag"] = "old", ["type"] = "old", ["updated"] = DateTime.UtcNow, ["state"] = state,
        });
}
