using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using UNet3D.Lab.Silo.Series;
using UNet3D.Lab.Silo.Storage;

namespace UNet3D.Lab.Silo.Tests;

public sealed class SeriesStoreTests : IDisposable
{
    private readonly TemporaryDirectory folder = new();
    private readonly LabDatabase database;
    private readonly SeriesStore store;

    public SeriesStoreTests()
    {
        database = new LabDatabase(Options.Create(new LabOptions { DataDirectory = folder.Path }), NullLogger<LabDatabase>.Instance);
        store = new SeriesStore(database);
    }

    public void Dispose()
    {
        database.Dispose();
        folder.Dispose();
    }

    [Fact]
    public void Appended_batches_read_back_as_one_series_across_chunks()
    {
        var points = Curve(1, 2500);
        foreach (var batch in points.Chunk(7)) store.Append("exp-a", MetricSeries.Loss, batch);

        var page = store.Read("exp-a", MetricSeries.Loss, maxPoints: 2500)!;
        Assert.Equal(points, page.Points);
        Assert.Equal(2500, page.Total);
        Assert.Equal([new SeriesSummary(MetricSeries.Loss, 2500, 2500)], store.List("exp-a"));
        Assert.Equal(2500, store.LastStep("exp-a", MetricSeries.Loss));
        Assert.Null(store.LastStep("exp-a", MetricSeries.LearningRate));
        Assert.Null(store.Read("exp-a", MetricSeries.LearningRate));
        Assert.Null(store.Read("exp-b", MetricSeries.Loss));
    }

    [Fact]
    public void Steps_already_stored_are_ignored_so_a_resumed_run_stores_each_step_once()
    {
        store.Append("exp-a", MetricSeries.Loss, Curve(1, 30));
        // Resumed from a checkpoint at step 20: steps 21–30 come again (with the same values), then new ones.
        var again = Curve(21, 45).Select(p => p with { Value = p.Step <= 30 ? -1 : p.Value }).ToArray();
        Assert.Equal(15, store.Append("exp-a", MetricSeries.Loss, again));
        Assert.Equal(0, store.Append("exp-a", MetricSeries.Loss, Curve(1, 45)));

        var page = store.Read("exp-a", MetricSeries.Loss)!;
        Assert.Equal(Enumerable.Range(1, 45), page.Points.Select(p => p.Step));
        Assert.DoesNotContain(page.Points, p => p.Value == -1);
        Assert.Equal(45, store.LastStep("exp-a", MetricSeries.Loss));
    }

    [Fact]
    public void A_range_of_steps_reads_only_those_points()
    {
        var points = Curve(1, 5000);
        store.Append("exp-a", MetricSeries.Loss, points);
        // Sparse: every 100th step.
        store.Append("exp-a", MetricSeries.ValidationIou, points.Where(p => p.Step % 100 == 0).ToArray());

        Assert.Equal(points[1999..3000], store.Read("exp-a", MetricSeries.Loss, from: 2000, to: 3000, maxPoints: 5000)!.Points);
        Assert.Equal(points[4000..], store.Read("exp-a", MetricSeries.Loss, from: 4001)!.Points);
        Assert.Equal(points[..10], store.Read("exp-a", MetricSeries.Loss, to: 10)!.Points);
        Assert.Equal([200, 300], store.Read("exp-a", MetricSeries.ValidationIou, from: 150, to: 399)!.Points.Select(p => p.Step));
        Assert.Empty(store.Read("exp-a", MetricSeries.ValidationIou, from: 101, to: 199)!.Points);
        Assert.Equal(0, store.Read("exp-a", MetricSeries.Loss, from: 5001)!.Total);

        var cut = store.Read("exp-a", MetricSeries.Loss, from: 1001, to: 4000, maxPoints: 100)!;
        Assert.Equal(3000, cut.Total);
        Assert.InRange(cut.Points.Length, 2, 100);
        Assert.Equal((1001, 4000), (cut.Points[0].Step, cut.Points[^1].Step));
    }

    [Fact]
    public void A_run_and_its_series_are_kept_apart_from_others_and_deleted_together()
    {
        store.Append("exp-a", [new SeriesBatch(MetricSeries.Loss, Curve(1, 10)), new SeriesBatch(MetricSeries.LearningRate, Curve(1, 10))]);
        store.Append("exp-A", MetricSeries.Loss, Curve(1, 3)); // names and ids are compared exactly
        store.Append("exp-b", "Loss", Curve(1, 4));

        Assert.Equal(["learningRate", "loss"], store.List("exp-a").Select(s => s.Name));
        Assert.Equal(3, store.Read("exp-A", MetricSeries.Loss)!.Total);
        Assert.Null(store.Read("exp-b", MetricSeries.Loss));

        Assert.Equal(2, store.Delete("exp-a"));
        Assert.Empty(store.List("exp-a"));
        Assert.Null(store.Read("exp-a", MetricSeries.Loss));
        Assert.Equal(3, store.Read("exp-A", MetricSeries.Loss)!.Total);
        Assert.Equal(4, store.Read("exp-b", "Loss")!.Total);
        // A new series after the deletion starts afresh.
        store.Append("exp-a", MetricSeries.Loss, Curve(5, 6));
        Assert.Equal([5, 6], store.Read("exp-a", MetricSeries.Loss)!.Points.Select(p => p.Step));
    }

    [Fact]
    public void Bad_points_and_names_are_refused_and_store_nothing()
    {
        var error = Assert.Throws<ArgumentException>(() => store.Append("exp-a", MetricSeries.Loss, [new SeriesPoint(1, 1, 0), new SeriesPoint(2, double.NaN, 0)]));
        Assert.Contains("step 2", error.Message);
        Assert.Throws<ArgumentException>(() => store.Append("exp-a", MetricSeries.Loss, [new SeriesPoint(-1, 1, 0)]));
        Assert.Throws<ArgumentException>(() => store.Append("exp-a", "bad name", Curve(1, 2)));
        Assert.Throws<ArgumentException>(() => store.Append("exp-a", "", Curve(1, 2)));
        Assert.Throws<ArgumentOutOfRangeException>(() => store.Read("exp-a", MetricSeries.Loss, maxPoints: 1));
        Assert.Empty(store.List("exp-a"));
    }

    [Fact]
    public void A_hundred_thousand_step_series_reads_back_whole_and_cut_down_keeping_its_extremes()
    {
        var points = Curve(1, 100_000).Select(p => p.Step == 77_777 ? p with { Value = 40 } : p).ToArray();
        foreach (var batch in points.Chunk(250)) store.Append("exp-long", MetricSeries.Loss, batch);

        var read = new List<SeriesPoint>();
        Assert.Equal(100_000, store.Scan("exp-long", MetricSeries.Loss, read.Add));
        Assert.Equal(points, read);

        var chart = store.Read("exp-long", MetricSeries.Loss, maxPoints: 2000)!;
        Assert.Equal(100_000, chart.Total);
        Assert.InRange(chart.Points.Length, 1000, 2000);
        Assert.Equal((points[0], points[^1]), (chart.Points[0], chart.Points[^1]));
        Assert.Contains(points.MaxBy(p => p.Value), chart.Points);
        Assert.Contains(points.MinBy(p => p.Value), chart.Points);
    }

    [Fact]
    public void Truncated_series_keep_the_steps_up_to_the_cut_and_take_the_replayed_ones_once()
    {
        store.Append("exp-a", [new SeriesBatch(MetricSeries.Loss, Curve(1, 2500)), new SeriesBatch(MetricSeries.ValidationIou, [new SeriesPoint(1000, 0.5, 1), new SeriesPoint(2000, 0.6, 2)])]);
        store.Append("exp-b", MetricSeries.Loss, Curve(1, 30));

        // Cut inside the second chunk: the later chunk goes whole, the holding one keeps its head.
        Assert.Equal(1000 + 1, store.Truncate("exp-a", 1500));
        Assert.Equal(Curve(1, 1500), store.Read("exp-a", MetricSeries.Loss, maxPoints: 5000)!.Points);
        Assert.Equal([new SeriesPoint(1000, 0.5, 1)], store.Read("exp-a", MetricSeries.ValidationIou)!.Points);
        Assert.Equal(30, store.Read("exp-b", MetricSeries.Loss)!.Total);

        // The replay stores each step once, the steps before the cut were never sent again.
        store.Append("exp-a", MetricSeries.Loss, Curve(1400, 2600));
        var loss = store.Read("exp-a", MetricSeries.Loss, maxPoints: 5000)!;
        Assert.Equal(Enumerable.Range(1, 2600), loss.Points.Select(p => p.Step));
        Assert.Equal(new SeriesSummary(MetricSeries.Loss, 2600, 2600), store.List("exp-a").Single(s => s.Name == MetricSeries.Loss));

        // Back to the start: nothing is left, and a fresh run appends from step 1.
        Assert.Equal(2600 + 1, store.Truncate("exp-a", 0));
        Assert.Empty(store.List("exp-a"));
        store.Append("exp-a", MetricSeries.Loss, Curve(1, 5));
        Assert.Equal(Curve(1, 5), store.Read("exp-a", MetricSeries.Loss)!.Points);
        Assert.Equal(0, store.Truncate("exp-a", 5));
    }

    /// <summary>A falling, wiggling curve over steps <paramref name="first"/> to <paramref name="last"/>.</summary>
    private static SeriesPoint[] Curve(int first, int last) =>
        Enumerable.Range(first, last - first + 1).Select(s => new SeriesPoint(s, 1.0 / s + 0.01 * Math.Sin(s), s * 0.25)).ToArray();
}
