using UNet3D.Lab.Silo.Series;

namespace UNet3D.Lab.Silo.Tests;

public sealed class SeriesDownsamplerTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(999)]
    [InlineData(1000)]
    public void A_range_of_no_more_points_than_asked_for_comes_back_exactly(int count)
    {
        var points = Noisy(count, seed: count);
        Assert.Equal(points, SeriesDownsampler.Downsample(points, 1000));
    }

    [Fact]
    public void A_sparse_range_comes_back_exactly_when_it_holds_few_enough_points()
    {
        // Validation every 100 steps of a 70,000-step run: 700 points spread over 70,000 steps.
        var points = Enumerable.Range(1, 700).Select(i => new SeriesPoint(i * 100, Math.Sin(i), i)).ToArray();
        Assert.Equal(points, SeriesDownsampler.Downsample(points, 1000));
    }

    [Theory]
    [InlineData(70_000, 2000)]
    [InlineData(10_001, 7)]
    [InlineData(5000, 2)]
    [InlineData(5000, 3)]
    [InlineData(1001, 1000)]
    public void Each_bucket_keeps_its_lowest_and_highest_point_and_the_range_its_ends(int count, int maxPoints)
    {
        var points = Noisy(count, seed: maxPoints);
        var kept = SeriesDownsampler.Downsample(points, maxPoints);

        Assert.InRange(kept.Length, 2, maxPoints);
        Assert.Equal(points[0], kept[0]);
        Assert.Equal(points[^1], kept[^1]);
        Assert.True(kept.Zip(kept.Skip(1)).All(p => p.First.Step < p.Second.Step), "points are in rising step order, each once");
        Assert.All(kept, p => Assert.Contains(p, points));

        // The same buckets, computed here from the whole list: each one's extremes are kept.
        var buckets = (maxPoints - 2) / 2;
        var interior = points[1..^1];
        long span = points[^1].Step - points[0].Step - 1;
        foreach (var bucket in buckets == 0 ? [] : interior.GroupBy(p => (int)((p.Step - points[0].Step - 1L) * buckets / span)))
        {
            Assert.InRange(bucket.Key, 0, buckets - 1);
            Assert.Contains(bucket.MinBy(p => p.Value), kept);
            Assert.Contains(bucket.MaxBy(p => p.Value), kept);
        }
        if (buckets == 0) return; // two or three points asked for: the ends alone
        Assert.Contains(points.MinBy(p => p.Value), kept);
        Assert.Contains(points.MaxBy(p => p.Value), kept);
    }

    [Fact]
    public void A_spike_of_one_step_survives_a_thousandfold_reduction()
    {
        var points = Enumerable.Range(1, 1_000_000).Select(s => new SeriesPoint(s, s == 612_345 ? 50 : 1, s)).ToArray();
        var kept = SeriesDownsampler.Downsample(points, 1000);
        Assert.Contains(new SeriesPoint(612_345, 50, 612_345), kept);
        Assert.True(kept.Length <= 1000);
    }

    [Fact]
    public void Points_out_of_order_or_after_the_announced_end_are_refused()
    {
        var sampler = new SeriesDownsampler(10, lastStep: 5);
        sampler.Add(new SeriesPoint(2, 0, 0));
        Assert.Throws<ArgumentException>(() => sampler.Add(new SeriesPoint(2, 1, 0)));
        Assert.Throws<ArgumentException>(() => sampler.Add(new SeriesPoint(6, 1, 0)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SeriesDownsampler(1, 5));
    }

    private static SeriesPoint[] Noisy(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(1, count).Select(s => new SeriesPoint(s, random.NextDouble() * 10 - 5, s * 0.1)).ToArray();
    }
}
