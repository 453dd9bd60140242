using UNet3D.Lab.Experiments.Protocols;
using UNet3D.Lab.Silo.Grains;
using UNet3D.Lab.Silo.Models;
using UNet3D.Lab.Silo.Ablations;
using UNet3D.Lab.Silo.Runs;

namespace UNet3D.Lab.Silo.Tests;

/// <summary>Suites on a real in-process cluster with real (tiny) training: a few steps per network.</summary>
public sealed class AblationGrainTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task Table_1_completes_then_an_identical_suite_reuses_every_cell_and_a_fresh_one_retrains()
    {
        using var data = new TemporaryDirectory();
        await using var cluster = await LabClusterFactory.StartAsync(data.Path);
        var request = new TableRequest { Table = 1, Preset = "smoke", Iterations = 4 };
        var runs = cluster.Client.GetGrain<IRunCatalogGrain>(IRunCatalogGrain.Key);
        async Task<int> ExperimentCount() => (await runs.Query(RunQuery.Default)).Total;

        var first = await Run(cluster.Client, request);
        Assert.Equal(AblationStatus.Completed, first.Status);
        Assert.Equal(["phantom-tiny-s1", "phantom-tiny-s2", "phantom-tiny-s3"], first.Datasets);
        Assert.Equal(9, first.Cells.Length);
        Assert.All(first.Cells, c => Assert.Equal(ExperimentStatus.Completed, Assert.Single(c.Runs).Status));
        Assert.Equal(0, first.RunsReused);
        Assert.Equal(9, await ExperimentCount());
        Assert.All(first.Cells.SelectMany(c => c.Runs), r => Assert.Equal(3, r.Scores!.Length));

        var report = AblationTableReport.Of(first);
        Assert.True(report.Table.IsComplete);
        Assert.All(report.Table.Rows.SelectMany(r => r.Cells), c => Assert.Equal(1, c.Ours!.N));
        Assert.Equal([1, 3], report.Claims.Select(c => c.Number));
        Assert.All(report.Claims, c => Assert.NotEqual(ClaimVerdict.Undetermined, c.Verdict));
        Assert.Contains("| **average** |", report.Markdown);
        Assert.Contains("IoU: tubule (label 1)", report.Markdown);
        Assert.Contains("preset smoke · 4 iterations per network", report.Markdown);
        Assert.Contains("network and training: 2 levels, 8 base channels, 36×36×36 tiles (x×y×z; 2D models the x×y part), Adam lr 0.005, constant rate (engine version ", report.Markdown);
        Assert.Contains("preset may differ", AblationTableReport.Of(first with { EngineVersion = "1" }).Markdown);
        Assert.Contains("phantom-tiny-s1 (3, 3, 8)", report.Markdown);

        // The same table again: every cell is answered by the experiments already trained.
        var second = await Run(cluster.Client, request);
        Assert.Equal(AblationStatus.Completed, second.Status);
        Assert.Equal(9, second.RunsReused);
        Assert.Equal(Ids(first), Ids(second));
        Assert.Equal(9, await ExperimentCount());
        Assert.Equal(report.Csv, AblationTableReport.Of(second).Csv);

        // Asking for fresh results trains every cell again.
        var fresh = await Run(cluster.Client, request with { Fresh = true });
        Assert.Equal(AblationStatus.Completed, fresh.Status);
        Assert.Equal(0, fresh.RunsReused);
        Assert.Empty(Ids(fresh).Intersect(Ids(first)));
        Assert.Equal(18, await ExperimentCount());
        // Training is deterministic on the CPU, so the retrained table is the same.
        Assert.Equal(report.Csv, AblationTableReport.Of(fresh).Csv);

        var suites = await cluster.Client.GetGrain<IRegistryGrain>(IRegistryGrain.Ablations).List();
        Assert.Equal([fresh.Id, second.Id, first.Id], suites);
    }

    [Fact]
    public async Task Table_3_tests_each_dataset_with_networks_trained_on_the_others_with_seeds()
    {
        using var data = new TemporaryDirectory();
        await using var cluster = await LabClusterFactory.StartAsync(data.Path);
        var suite = await Run(cluster.Client, new TableRequest
        {
            Table = 3, Preset = "smoke", Iterations = 3, Seeds = 2, Datasets = ["phantom-tiny-s3", "phantom-tiny-s1"],
        });

        Assert.Equal(AblationStatus.Completed, suite.Status);
        Assert.Equal(6, suite.Cells.Length);
        Assert.All(suite.Cells, c => Assert.Equal([1, 2], c.Runs.Select(r => r.Seed)));
        var cell = suite.Cells.Single(c => c.Key == "t3-d1-3d-bn");
        Assert.Equal("phantom-tiny-s3", cell.Row);
        // Trained on S1 (its pool as the second dataset), measured on S3, which had nothing annotated.
        var scores = cell.Runs[0].Scores!;
        Assert.Equal(["phantom-tiny-s1", "phantom-tiny-s3"], scores.Select(s => s.Dataset));
        Assert.Equal(0, scores[1].AnnotatedFraction);
        Assert.True(scores[0].AnnotatedFraction > 0);

        var table = AblationTableReport.Of(suite).Table;
        var value = table.Cell("phantom-tiny-s3", "3D with BN")!;
        Assert.Equal(2, value.Ours!.N);
        Assert.NotNull(value.Ours.StandardDeviation);
        Assert.Equal(0.761, value.Paper);
        Assert.Null(table.Rows.Single(r => r.IsAverage).Cells[0].Paper); // the paper's average covers three volumes
    }

    [Fact]
    public async Task A_suite_planned_before_a_restart_fills_its_table_after_it()
    {
        using var data = new TemporaryDirectory();
        var request = new TableRequest { Table = 2, Preset = "smoke", Iterations = 3, Datasets = ["phantom-tiny-s2"] };
        var id = AblationIds.NewTable();
        AblationSnapshot before;
        await using (var idle = await LabClusterFactory.StartAsync(data.Path, workerSlots: 0))
        {
            before = await idle.Client.GetGrain<IAblationGrain>(id).StartTable(request);
            Assert.Equal(4, before.Cells.Length);
            Assert.All(before.Cells, c => Assert.Equal(ExperimentStatus.Queued, c.Runs[0].Status));
        }

        await using var restarted = await LabClusterFactory.StartAsync(data.Path);
        // Nobody asks the suite anything until it has finished: recovery woke it and it followed its experiments.
        var experiments = before.Cells.Select(c => restarted.Client.GetGrain<IExperimentGrain>(c.Runs[0].ExperimentId!)).ToArray();
        using (var timeout = new CancellationTokenSource(Patience))
            while (!(await Task.WhenAll(experiments.Select(e => e.Get()))).All(s => s!.IsFinished))
                await Task.Delay(100, timeout.Token);
        var after = await WaitFor(restarted.Client.GetGrain<IAblationGrain>(id));
        Assert.Equal(AblationStatus.Completed, after.Status);
        Assert.Equal(before.CreatedAt, after.CreatedAt);
        Assert.Equal(Ids(before), Ids(after));
        var table = AblationTableReport.Of(after).Table;
        Assert.True(table.IsComplete);
        Assert.Equal(["phantom-tiny-s2", "mean"], table.Columns);
        Assert.All(table.Rows, r => Assert.NotNull(r.Extra!.Ours));
        Assert.All(table.Rows, r => Assert.Equal(1, r.Cells[0].Ours!.N));
    }

    [Theory]
    [InlineData(4, "smoke", 1, null, "table")]
    [InlineData(1, "huge", 1, null, "preset")]
    [InlineData(1, "smoke", 11, null, "seeds")]
    [InlineData(1, "smoke", 1, "nowhere", "datasets")]
    public async Task Invalid_requests_are_refused_naming_the_field_and_store_nothing(int table, string preset, int seeds, string? dataset, string field)
    {
        using var data = new TemporaryDirectory();
        await using var cluster = await LabClusterFactory.StartAsync(data.Path, workerSlots: 0);
        var grain = cluster.Client.GetGrain<IAblationGrain>(AblationIds.NewTable());
        var request = new TableRequest { Table = table, Preset = preset, Seeds = seeds, Datasets = dataset is null ? null : [dataset] };
        var error = await Assert.ThrowsAsync<ArgumentException>(() => grain.StartTable(request));
        Assert.Contains(field + ":", error.Message);
        Assert.Null(await grain.Get());
        Assert.Empty(await cluster.Client.GetGrain<IRegistryGrain>(IRegistryGrain.Ablations).List());
    }

    private static string[] Ids(AblationSnapshot suite) => suite.Cells.SelectMany(c => c.Runs).Select(r => r.ExperimentId!).ToArray();

    private static async Task<AblationSnapshot> Run(IGrainFactory grains, TableRequest request)
    {
        var grain = grains.GetGrain<IAblationGrain>(AblationIds.NewTable());
        await grain.StartTable(request);
        return await WaitFor(grain);
    }

    private static async Task<AblationSnapshot> WaitFor(IAblationGrain grain)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (true)
        {
            var snapshot = await grain.Get() ?? throw new InvalidOperationException("suite vanished");
            if (snapshot.IsFinished) return snapshot;
            await Task.Delay(100, timeout.Token);
        }
    }
}
