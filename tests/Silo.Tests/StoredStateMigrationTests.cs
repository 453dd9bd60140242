using LiteDB;
using UNet3D.Lab.Experiments.Data;
using UNet3D.Lab.Experiments.Runs;
using UNet3D.Lab.Silo.Grains;
using UNet3D.Lab.Silo.Json;
using UNet3D.Lab.Silo.Models;
using UNet3D.Lab.Silo.Runs;
using UNet3D.Lab.Silo.Series;
using UNet3D.Lab.Silo.Storage;
using JsonSerializer = System.Text.Json.JsonSerializer;

namespace UNet3D.Lab.Silo.Tests;

/// <summary>A lab.db an older lab wrote still opens, with every run intact and in the runs table.</summary>
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

    // A table run as the lab stored it before tables became ablations (data version 3).
    private const string OldSuite = """
        {"snapshot":{"id":"suite-old1","request":{"table":2,"preset":"smoke","seeds":1,"datasets":["phantom-tiny-s1"],"iterations":3,"fresh":false},
        "status":"Completed","datasets":["phantom-tiny-s1"],"cells":[{"key":"1,1,1","row":"1,1,1","column":"phantom-tiny-s1",
        "config":{"name":"cell","model":"ThreeD","batchNorm":true,"annotatedSlices":[1,1,1],"preset":"smoke","seed":1,"iterations":3,
        "dataSeed":2016,"augment":null,"datasets":[{"id":"phantom-tiny-s1","annotatedSlices":[1,1,1]}],"testDatasets":null,"foldCount":null,
        "foldHeld":null,"excludedFromTest":[[5,5,3]]},"measured":["phantom-tiny-s1"],"runs":[{"seed":1,"experimentId":"exp-old1","reused":false,
        "status":"Completed","step":3,"totalSteps":3,"scores":[{"dataset":"phantom-tiny-s1","ioU":0.5,"annotatedFraction":0.02}],"error":null,"hash":null}]}],
        "createdAt":"2026-11-20T10:00:00+00:00","finishedAt":"2026-11-20T10:01:00+00:00","iouClasses":[1],"engineVersion":"7"}}
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
            Store(old, "suite", "suite/suite-old1", OldSuite);
            Assert.Equal(0, old.UserVersion);
        }

        await using (var cluster = await LabClusterFactory.StartAsync(data.Path, workerSlots: 0))
        {
            var row = Assert.Single((await cluster.Client.GetGrain<IRunCatalogGrain>(IRunCatalogGrain.Key).Query(RunQuery.Default)).Items);
            Assert.Equal(("exp-old1", "old run", ModelKind.TwoD, ExperimentStatus.Completed, 0.5, 0.9), (row.Id, row.Name, row.Model, row.Status, row.MeanIou, row.FinalLoss));
            Assert.Equal(["suite-old1"], await cluster.Client.GetGrain<IRegistryGrain>(IRegistryGrain.Ablations).List());
            var table = await cluster.Client.GetGrain<IAblationGrain>("suite-old1").Get();
            Assert.NotNull(table);
            Assert.Equal((2, "Table 2", AblationStatus.Completed), (table.Table!.Table, table.Name, table.Status));
            Assert.Equal(ModelKind.ThreeD, Assert.Single(table.Cells).Config.Model);
            Assert.Equal(0.5, table.Cells[0].Runs[0].Scores![0].IoU);
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
        Assert.Null(reopened.GetCollection("registry").FindById("registry/experiments"));
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
            // The run index is written from the migrated state: the last loss is the run's loss in the runs table.
            var row = Assert.Single((await cluster.Client.GetGrain<IRunCatalogGrain>(IRunCatalogGrain.Key).Query(RunQuery.Default)).Items);
            Assert.Equal(("exp-v2", 1.0 / 1500), (row.Id, row.FinalLoss));
        }

        using var reopened = new LiteDatabase(new ConnectionString { Filename = Path.Combine(data.Path, LabStorage.FileName), Connection = ConnectionType.Direct });
        Assert.Equal(StoredStateMigration.CurrentVersion, reopened.UserVersion);
        Assert.DoesNotContain("\"curve\"", reopened.GetCollection("experiment").FindById("experiment/exp-v2")["state"].AsString);
    }

    [Fact]
    public async Task Runs_of_a_lab_without_a_run_index_are_indexed_when_it_opens()
    {
        using var data = new TemporaryDirectory();
        var now = DateTimeOffset.UtcNow;
        var completed = Snapshot("exp-indexme1", "first", ExperimentStatus.Completed, now.AddHours(-2)) with
        {
            Metrics = new ExperimentResult([], 0.75, [1], [1, 1, 1], 10, 0, 5, 0.25, 12.5, 1, "cpu"),
        };
        var failed = Snapshot("exp-indexme2", "second", ExperimentStatus.Failed, now.AddHours(-1)) with { Error = "boom" };
        using (var old = new LiteDatabase(new ConnectionString { Filename = Path.Combine(data.Path, LabStorage.FileName), Connection = ConnectionType.Direct }))
        {
            // Data version 2: today's states, the experiments listed by the registry, no runs collection.
            foreach (var snapshot in new[] { completed, failed })
                Store(old, "experiment", $"experiment/{snapshot.Id}", JsonSerializer.Serialize(new ExperimentState { Snapshot = snapshot }, LabJson.Options));
            Store(old, "registry", "registry/experiments", """{"ids":["exp-indexme1","exp-indexme2"]}""");
            old.UserVersion = 2;
        }

        await using (var cluster = await LabClusterFactory.StartAsync(data.Path, workerSlots: 0))
        {
            var runs = cluster.Client.GetGrain<IRunCatalogGrain>(IRunCatalogGrain.Key);
            var page = await runs.Query(RunQuery.Default);
            Assert.Equal(2, page.Total);
            Assert.Equal(["exp-indexme2", "exp-indexme1"], page.Items.Select(r => r.Id));
            var first = page.Items[1];
            Assert.Equal(("first", ExperimentStatus.Completed, 0.75, 0.25, 12.5), (first.Name, first.Status, first.MeanIou, first.FinalLoss, first.Duration));
            Assert.Equal(completed.CreatedAt, first.CreatedAt);
            Assert.Equal(["exp-indexme2"], (await runs.Query(RunQuery.Default with { Status = ExperimentStatus.Failed })).Items.Select(r => r.Id));
        }

        using var reopened = new LiteDatabase(new ConnectionString { Filename = Path.Combine(data.Path, LabStorage.FileName), Connection = ConnectionType.Direct });
        Assert.Equal(StoredStateMigration.CurrentVersion, reopened.UserVersion);
        Assert.Null(reopened.GetCollection("registry").FindById("registry/experiments"));
    }

    private static ExperimentSnapshot Snapshot(string id, string name, ExperimentStatus status, DateTimeOffset created) => new()
    {
        Id = id,
        Config = new ExperimentSpec { Name = name, Model = ModelKind.ThreeD, Iterations = 5 },
        Status = status,
        Step = 5,
        TotalSteps = 5,
        CreatedAt = created,
        StartedAt = created.AddSeconds(1),
        FinishedAt = created.AddSeconds(20),
        Attempt = 1,
    };

    private static void Store(LiteDatabase database, string collection, string id, string state) =>
        database.GetCollection(collection).Insert(new BsonDocument
        {
            ["_id"] = id, ["etag"] = "old", ["type"] = "old", ["updated"] = DateTime.UtcNow, ["state"] = state,
        });
}
