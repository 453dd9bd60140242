using System.Text.Json.Nodes;
using System.Threading.Channels;
using UNet3D.Lab.Experiments.Runs;
using UNet3D.Lab.Silo.Feeds;
using UNet3D.Lab.Silo.Grains;
using UNet3D.Lab.Silo.Models;
using UNet3D.Lab.Silo.Series;
using UNet3D.Lab.Tests.Shared;

namespace UNet3D.Lab.Silo.Tests;

/// <summary>Grains push their changes to whoever follows them: an experiment with its new points, an ablation, the runs table.</summary>
public sealed class ChangeFeedTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_follower_of_an_experiment_is_told_its_status_and_every_point_its_worker_reports_until_it_unfollows()
    {
        using var data = new TemporaryDirectory();
        await using var cluster = await LabClusterFactory.StartAsync(data.Path, workerSlots: 0);
        var grain = await TestRuns.Submit(cluster.Client, TestRuns.Spec("followed"));
        var follower = new Follower<ExperimentChange>();
        var reference = cluster.Client.CreateObjectReference<IChangeObserver<ExperimentChange>>(follower);

        var now = await grain.Follow(reference);
        Assert.Equal(ExperimentStatus.Queued, now!.Status);

        await TestRuns.Start(grain);
        var started = await follower.Next(Wait);
        Assert.Equal((ExperimentStatus.Running, 0), (started.Snapshot.Status, started.Points.Length));

        // Two reports: their points arrive as they were reported, with the state they brought.
        await grain.ReportProgress(1, [new SeriesBatch(MetricSeries.Loss, [new SeriesPoint(1, 0.9, 0.1), new SeriesPoint(2, 0.8, 0.2)])]);
        await grain.ReportProgress(1, [new SeriesBatch(MetricSeries.Loss, [new SeriesPoint(3, 0.7, 0.3)]),
            new SeriesBatch(MetricSeries.ValidationIou, [new SeriesPoint(3, 0.42, 0.3)])]);
        var first = await follower.Next(Wait);
        var second = await follower.Next(Wait);
        Assert.Equal([1, 2], Assert.Single(first.Points).Points.Select(p => p.Step));
        Assert.Equal((2, 0.8), (first.Snapshot.Step, first.Snapshot.LastLoss));
        Assert.Equal([MetricSeries.Loss, MetricSeries.ValidationIou], second.Points.Select(b => b.Name));
        Assert.Equal((3, 0.42), (second.Snapshot.Step, second.Snapshot.BestValidationIou));

        var sample = new SampleResult("S1", 0.5, [0.6, 0.5, 0.9], [0.8, 0.8, 0.97], 1000, 0.02);
        await grain.ReportCompleted(1, new ExperimentResult([sample], 0.5, [1], [1, 1, 1], 10, 0, 3, 0.7, 1, 0.1, "cpu"));
        var completed = await follower.Next(Wait);
        Assert.Equal(ExperimentStatus.Completed, completed.Snapshot.Status);
        Assert.Contains(completed.Points, b => b.Name == MetricSeries.ValidationIou); // the final metrics' point

        await grain.Unfollow(reference);
        await grain.Annotate(new RunAnnotation { Name = "renamed" });
        Assert.False(await follower.Any(TimeSpan.FromSeconds(1)), "an unfollowed page is told nothing");
    }

    [Fact]
    public async Task A_follower_of_the_runs_table_is_told_each_run_written_and_deleted()
    {
        using var data = new TemporaryDirectory();
        await using var cluster = await LabClusterFactory.StartAsync(data.Path, workerSlots: 0);
        var catalog = cluster.Client.GetGrain<IRunCatalogGrain>(IRunCatalogGrain.Key);
        var follower = new Follower<RunChange>();
        var reference = cluster.Client.CreateObjectReference<IChangeObserver<RunChange>>(follower);
        await catalog.Follow(reference);

        var grain = await TestRuns.Submit(cluster.Client, TestRuns.Spec("listed"));
        var id = grain.GetPrimaryKeyString();
        var queued = await follower.Next(Wait);
        Assert.Equal((id, ExperimentStatus.Queued), (queued.Id, queued.Row!.Status));

        await grain.Annotate(new RunAnnotation { Tags = ["sweep"] });
        Assert.Equal(["sweep"], (await follower.Next(Wait)).Row!.Tags);

        await grain.Cancel();
        Assert.Equal(ExperimentStatus.Cancelled, (await follower.Next(Wait)).Row!.Status);
        await grain.Delete();
        var deleted = await follower.Next(Wait);
        Assert.Equal((id, null), (deleted.Id, deleted.Row));
    }

    [Fact]
    public async Task A_follower_of_an_ablation_sees_its_runs_finish()
    {
        using var data = new TemporaryDirectory();
        await using var cluster = await LabClusterFactory.StartAsync(data.Path);
        var ablation = cluster.Client.GetGrain<IAblationGrain>(Ablations.AblationIds.NewGrid());
        var follower = new Follower<AblationSnapshot>();
        var reference = cluster.Client.CreateObjectReference<IChangeObserver<AblationSnapshot>>(follower);
        Assert.Null(await ablation.Follow(reference)); // nothing started yet: nothing to show, the follow waits for it

        await ablation.StartGrid(new GridRequest
        {
            Name = "followed grid",
            Base = JsonNode.Parse("""{"model":"3d","preset":"smoke","iterations":2}""")!.AsObject(),
            Axes = new() { ["batchNorm"] = JsonNode.Parse("[true,false]")!.AsArray() },
            Seeds = 1,
        });
        var seen = new List<AblationSnapshot>();
        while (seen.Count == 0 || !seen[^1].IsFinished) seen.Add(await follower.Next(TimeSpan.FromMinutes(3)));
        Assert.Equal(AblationStatus.Completed, seen[^1].Status);
        Assert.Equal(2, seen[^1].RunsFinished);
        Assert.Contains(seen, s => s.RunsFinished < 2); // told while it ran, not only at the end
    }

    /// <summary>A page stand-in: keeps what it is told, in order.</summary>
    private sealed class Follower<T> : IChangeObserver<T>
    {
        private readonly Channel<T> told = Channel.CreateUnbounded<T>();

        public Task OnChanged(T change) => told.Writer.WriteAsync(change).AsTask();

        public async Task<T> Next(TimeSpan within)
        {
            using var timeout = new CancellationTokenSource(within);
            return await told.Reader.ReadAsync(timeout.Token);
        }

        public async Task<bool> Any(TimeSpan within)
        {
            using var timeout = new CancellationTokenSource(within);
            try
            {
                return await told.Reader.WaitToReadAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }
    }
}
