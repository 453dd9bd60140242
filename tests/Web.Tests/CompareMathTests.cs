using UNet3D.Lab.Experiments.Runs;
using UNet3D.Lab.Web.Compare;

namespace UNet3D.Lab.Web.Tests;

/// <summary>The compare view's arithmetic on hand-made runs with known means and sd.</summary>
public sealed class CompareMathTests
{
    [Fact]
    public void Smoothing_0_leaves_the_curve_and_debiasing_keeps_a_constant_curve_constant()
    {
        double[] curve = [1, 2, 3, 4];
        Assert.Equal(curve, CurveSmoothing.Ema(curve, 0));
        Assert.All(CurveSmoothing.Ema([5, 5, 5, 5], 0.9), v => Assert.Equal(5, v, 12));
    }

    [Fact]
    public void Smoothing_is_the_debiased_moving_average()
    {
        // weight 0.5: means 0.5, 1.25, 2.125 over debias 0.5, 0.75, 0.875.
        var smoothed = CurveSmoothing.Ema([1, 2, 3], 0.5);
        Assert.Equal(1, smoothed[0], 12);
        Assert.Equal(1.25 / 0.75, smoothed[1], 12);
        Assert.Equal(2.125 / 0.875, smoothed[2], 12);
        Assert.Equal(double.NaN, CurveSmoothing.Ema([1, double.NaN, 3], 0.5)[1]);
        Assert.Throws<ArgumentOutOfRangeException>(() => CurveSmoothing.Ema([1], 1));
    }

    [Fact]
    public void A_band_has_the_mean_and_sample_sd_of_the_curves_and_counts_only_those_that_reach_a_position()
    {
        IReadOnlyList<(double, double)> a = [(0, 1), (10, 1)];
        IReadOnlyList<(double, double)> b = [(0, 3), (10, 3)];
        IReadOnlyList<(double, double)> shorter = [(0, 5), (5, 5)];
        var band = CurveBand.Of([a, b, shorter], positions: 11);
        Assert.Equal(11, band.X.Count);
        Assert.Equal((0.0, 10.0), (band.X[0], band.X[^1]));
        Assert.Equal(3, band.N[0]);
        Assert.Equal(3, band.Mean[0], 12);
        Assert.Equal(2, band.StandardDeviation[0], 12); // 1, 3, 5
        Assert.Equal(2, band.N[10]);
        Assert.Equal(2, band.Mean[10], 12);
        Assert.Equal(Math.Sqrt(2), band.StandardDeviation[10], 12);
    }

    [Fact]
    public void A_band_interpolates_between_a_curves_points()
    {
        var band = CurveBand.Of([[(0, 0), (4, 4)]], positions: 5);
        Assert.Equal([0, 1, 2, 3, 4], band.Mean.Select(v => Math.Round(v, 12)));
        Assert.All(band.N, n => Assert.Equal(1, n));
    }

    [Fact]
    public void The_diff_lists_only_fields_that_differ_and_groups_follow_a_field()
    {
        ExperimentSpec Run(ModelKind model, int seed) => new() { Model = model, Seed = seed, Preset = "smoke", Iterations = 5 };
        (string, ExperimentSpec)[] runs = [("a", Run(ModelKind.ThreeD, 1)), ("b", Run(ModelKind.ThreeD, 2)), ("c", Run(ModelKind.TwoD, 1)), ("d", Run(ModelKind.TwoD, 2))];
        var diff = ConfigDiff.Of(runs.Select(r => r.Item2).ToArray());
        Assert.Contains("model", diff.Differing);
        Assert.Contains("seed", diff.Differing);
        Assert.DoesNotContain("preset", diff.Differing);
        Assert.DoesNotContain("iterations", diff.Differing);
        Assert.Contains("preset", diff.Fields);
        Assert.Equal("2d", diff.Values[2]["model"]);

        var groups = RunGroup.By("model", runs);
        Assert.Equal(["model=3d", "model=2d"], groups.Select(g => g.Label));
        Assert.Equal(["c", "d"], groups[1].Runs);
        Assert.Equal(4, RunGroup.By(null, runs).Count);
    }
}
