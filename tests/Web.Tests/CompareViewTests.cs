using UNet3D.Lab.Experiments.Protocols;
using UNet3D.Lab.Experiments.Runs;
using UNet3D.Lab.Silo.Models;
using UNet3D.Lab.Silo.Series;
using UNet3D.Lab.Web.Compare;

namespace UNet3D.Lab.Web.Tests;

/// <summary>
/// The compare view computed from hand-made runs with known values: 3d seeds 1 and 2 (loss 1 and 3 throughout, samples S1/S2
/// 0.8/0.7 and 0.9/0.8, so mean IoU 0.75 and 0.85) and 2d seeds 1 and 2 (loss 4, samples 0.6/0.6 and 0.7/0.5, mean IoU
/// 0.6 both); each run's held-out IoU was its mean IoU + 0.05 halfway and its mean IoU at the end.
/// </summary>
public sealed class CompareViewTests
{
    private static readonly CompareRun ThreeD1 = Run("a", ModelKind.ThreeD, 1, loss: 1, samples: [0.8, 0.7], index: 0);
    private static readonly CompareRun ThreeD2 = Run("b", ModelKind.ThreeD, 2, loss: 3, samples: [0.9, 0.8], index: 1);
    private static readonly CompareRun TwoD1 = Run("c", ModelKind.TwoD, 1, loss: 4, samples: [0.6, 0.6], index: 2);
    private static readonly CompareRun TwoD2 = Run("d", ModelKind.TwoD, 2, loss: 4, samples: [0.7, 0.5], index: 3);

    [Fact]
    public void Grouped_by_model_each_group_is_one_line_of_its_mean_with_a_band_of_one_sd_and_n_in_its_name()
    {
        var view = View(new CompareQuery { GroupBy = "model" });
        var lines = Assert.Single(view.Charts).Lines;
        Assert.Equal(["model=3d (n=2)", "model=2d (n=2)"], lines.Select(l => l.Name));
        Assert.All(lines[0].Y, y => Assert.Equal(2, y, 12));
        Assert.All(lines[1].Y, y => Assert.Equal(4, y, 12));
        Assert.Equal((0.0, 99.0), (lines[0].X[0], lines[0].X[^1]));
        // The band's outline: upper edge forward, lower edge back.
        var half = lines[0].BandY!.Length / 2;
        Assert.All(lines[0].BandY![..half], y => Assert.Equal(2 + Math.Sqrt(2), y, 12));
        Assert.All(lines[0].BandY![half..], y => Assert.Equal(2 - Math.Sqrt(2), y, 12));
        Assert.Equal(lines[0].X.Reverse(), lines[0].BandX![half..]);
        Assert.All(lines[1].BandY!, y => Assert.Equal(4, y, 12));
        Assert.Equal([2, 2], lines.Select(l => l.N));
        Assert.NotEqual(lines[0].Color, lines[1].Color);
    }

    [Fact]
    public void Group_metrics_are_mean_sd_and_n_over_the_groups_runs()
    {
        var metrics = View(new CompareQuery { GroupBy = "model" }).Metrics;
        Assert.Equal(0.8, metrics[0].MeanIou!.Mean, 12);
        Assert.Equal(Math.Sqrt(0.005), metrics[0].MeanIou!.StandardDeviation!.Value, 12);
        Assert.Equal(2, metrics[0].MeanIou!.N);
        Assert.Equal(0.6, metrics[1].MeanIou!.Mean, 12);
        Assert.Equal(0, metrics[1].MeanIou!.StandardDeviation!.Value, 12);
        Assert.Equal(2, metrics[0].FinalLoss!.Mean, 12); // 1 and 3
        Assert.Equal((0.85, 0.8), (metrics[0].BestValidationIou!.Mean, metrics[0].LastValidationIou!.Mean), new Close());
        Assert.Equal(15, metrics[0].DurationSeconds!.Mean, 12);
        Assert.Equal(0.85, metrics[0].ClassIou[0]!.Mean, 12); // class 0 is each sample's IoU + 0.05
    }

    [Fact]
    public void Sample_bars_have_each_samples_mean_and_sd_per_group()
    {
        var bars = View(new CompareQuery { GroupBy = "model" }).Samples;
        Assert.Equal(["S1", "S2"], bars.Samples);
        var (threeD, twoD) = (bars.Groups[0].Iou, bars.Groups[1].Iou);
        Assert.Equal((0.85, Math.Sqrt(0.005)), (threeD[0]!.Mean, threeD[0]!.StandardDeviation!.Value), new Close());
        Assert.Equal((0.55, Math.Sqrt(0.005)), (twoD[1]!.Mean, twoD[1]!.StandardDeviation!.Value), new Close());
    }

    [Fact]
    public void Paired_difference_pairs_each_sample_and_seed_and_gives_a_95_percent_t_interval()
    {
        var pairing = View(new CompareQuery { GroupBy = "model", Pair = ("3d", "2d") }).Pairing!;
        // Differences 0.2 (S1 seed 1), 0.1 (S2 seed 1), 0.2 (S1 seed 2), 0.3 (S2 seed 2): mean 0.2, sd sqrt(0.02 / 3).
        Assert.Equal(["S1/1", "S2/1", "S1/2", "S2/2"], pairing.Pairs.Select(p => $"{p.Sample}/{p.Seed}"));
        var difference = pairing.Difference!;
        Assert.Equal(4, difference.N);
        Assert.Equal(0.2, difference.Mean, 12);
        var half = 3.182446 * Math.Sqrt(0.02 / 3) / 2;
        Assert.Equal(0.2 - half, difference.Low!.Value, 4);
        Assert.Equal(0.2 + half, difference.High!.Value, 4);
        Assert.True(difference.AboveZero);
        Assert.Equal(0, pairing.UnpairedRuns);

        var reversed = View(new CompareQuery { GroupBy = "model", Pair = ("2d", "3d") }).Pairing!;
        Assert.Equal(-0.2, reversed.Difference!.Mean, 12);
        // Two groups and no pair named: the view pairs them as they come.
        Assert.Equal(("3d", "2d"), (View(new CompareQuery { GroupBy = "model" }).Pairing!.First, View(new CompareQuery { GroupBy = "model" }).Pairing!.Second));
    }

    [Fact]
    public void Runs_that_differ_in_more_than_the_grouped_field_are_not_paired_but_counted()
    {
        var withoutBn = Run("e", ModelKind.TwoD, 1, loss: 4, samples: [0.1, 0.1], index: 4, batchNorm: false);
        var pairing = View(new CompareQuery { GroupBy = "model", Pair = ("3d", "2d") }, ThreeD1, withoutBn).Pairing!;
        Assert.Empty(pairing.Pairs);
        Assert.Null(pairing.Difference);
        Assert.Equal(2, pairing.UnpairedRuns);
    }

    [Fact]
    public void Ungrouped_every_shown_run_is_a_line_of_its_smoothed_curve_and_hidden_runs_leave_everything_but_the_diff()
    {
        var view = CompareView.Of(Data(noisy: true, ThreeD1, ThreeD2, TwoD1, TwoD2), new CompareQuery { Smooth = 0.8, Hidden = ["b"] });
        var lines = view.Charts[0].Lines;
        Assert.Equal(["3d with BN · seed 1", "2d with BN · seed 1", "2d with BN · seed 2"], lines.Select(l => l.Name));
        Assert.Equal(CurveSmoothing.Ema(Enumerable.Range(0, 100).Select(Noisy).ToArray(), 0.8), lines[0].Y);
        Assert.Equal(3, view.Metrics.Count);
        Assert.Equal(4, view.Runs.Count);
        Assert.Equal(["model", "seed"], view.DifferingFields);
        Assert.Contains("preset", view.AllFields);
        Assert.Null(view.Pairing);
        // Colours stay with their run whatever is hidden.
        Assert.Equal(ComparePalette.Color(2), lines[1].Color);
    }

    [Fact]
    public void Wall_time_is_the_x_of_every_point_and_a_log_axis_keeps_the_band_above_zero()
    {
        var time = View(new CompareQuery { X = CompareAxis.Time }).Charts[0].Lines[0];
        Assert.Equal((0.0, 49.5), (time.X[0], time.X[^1]));
        var log = View(new CompareQuery { GroupBy = "model", LogY = true }).Charts[0].Lines[0];
        // 3d: mean 2, sd 1.41: the lower edge 0.59 stays; with a wider spread it would stop at a tenth of the lowest mean.
        Assert.All(log.BandY!, y => Assert.True(y > 0));
        var spread = Run("f", ModelKind.ThreeD, 3, loss: 20, samples: [0.5, 0.5], index: 4);
        var wide = View(new CompareQuery { GroupBy = "model", LogY = true }, ThreeD1, ThreeD2, spread).Charts[0].Lines[0];
        Assert.Equal(wide.Y.Min() / 10, wide.BandY!.Min(), 12);
    }

    [Fact]
    public void A_long_series_is_cut_down_for_the_chart_keeping_both_ends_and_its_spike()
    {
        var run = ThreeD1;
        var data = Data(false, run);
        var points = Enumerable.Range(0, 100_000).Select(s => new SeriesPoint(s, s == 54_321 ? 100 : 1, s * 0.1)).ToArray();
        data.Add("loss", new Dictionary<string, SeriesPoint[]> { [run.Id] = points });
        var line = CompareView.Of(data, CompareQuery.Default).Charts[0].Lines[0];
        Assert.True(line.X.Length <= CompareCurves.MaxLinePoints, $"{line.X.Length} points");
        Assert.Equal((0.0, 99_999.0), (line.X[0], line.X[^1]));
        Assert.Contains(100, line.Y);
    }

    [Fact]
    public void A_change_recomputes_only_what_it_changes()
    {
        var data = Data(false, ThreeD1, ThreeD2, TwoD1, TwoD2);
        var grouped = CompareView.Of(data, new CompareQuery { GroupBy = "model", Series = ["loss", "other"] });
        var smoothed = CompareView.Of(data, grouped.Query with { Smooth = 0.5 }, grouped);
        Assert.Same(grouped.Groups, smoothed.Groups);
        Assert.Same(grouped.Metrics, smoothed.Metrics);
        Assert.Same(grouped.Samples, smoothed.Samples);
        Assert.NotSame(grouped.Charts[0], smoothed.Charts[0]);
        Assert.Equal(0.5, smoothed.Charts[0].Smooth);

        var paired = CompareView.Of(data, smoothed.Query with { Pair = ("2d", "3d") }, smoothed);
        Assert.Same(smoothed.Charts[0], paired.Charts[0]);
        Assert.Equal(-0.2, paired.Pairing!.Difference!.Mean, 12);

        var hidden = CompareView.Of(data, paired.Query.WithHidden("a", true), paired);
        Assert.NotSame(paired.Groups, hidden.Groups);
        Assert.Equal(1, hidden.Metrics[0].MeanIou!.N);
        // Other data (other runs): nothing is taken from the view before.
        var other = CompareView.Of(Data(false, ThreeD1), CompareQuery.Default, hidden);
        Assert.Single(other.Groups);
    }

    /// <summary>Run a's loss where a test wants noise: 1.5 and 0.5 by turns.</summary>
    private static double Noisy(int step) => 1 + (step % 2 == 0 ? 0.5 : -0.5);

    private static CompareView View(CompareQuery query, params CompareRun[] runs)
    {
        runs = runs.Length > 0 ? runs : [ThreeD1, ThreeD2, TwoD1, TwoD2];
        return CompareView.Of(Data(false, runs), query);
    }

    /// <summary>Each run's loss series: its final loss at steps 0 to 99, step s at s / 2 seconds; run a's <see cref="Noisy"/> if asked.</summary>
    private static CompareData Data(bool noisy, params CompareRun[] runs)
    {
        var data = new CompareData(runs, null, ["loss"], "");
        data.Add("loss", runs.ToDictionary(r => r.Id, r => Enumerable.Range(0, 100)
            .Select(s => new SeriesPoint(s, noisy && r.Id == "a" ? Noisy(s) : r.Metrics.FinalLoss!.Value, s / 2.0)).ToArray()));
        return data;
    }

    private static CompareRun Run(string id, ModelKind model, int seed, double loss, double[] samples, int index, bool batchNorm = true)
    {
        var config = new ExperimentSpec { Model = model, Seed = seed, BatchNorm = batchNorm, Preset = "smoke", Iterations = 100 };
        var results = samples.Select((iou, i) => new SampleResult($"S{i + 1}", iou, [iou + 0.05, iou, 0.95], [0.9, 0.9, 0.9], 1000, 0.1)).ToArray();
        var snapshot = new ExperimentSnapshot
        {
            Id = id, Config = config, Status = ExperimentStatus.Completed, Step = 100, TotalSteps = 100,
            Metrics = new ExperimentResult(results, samples.Average(), [1], [1, 1, 1], 10, 0, 100, loss, 15, 1, "cpu"),
        };
        SeriesPoint[] validation = [new(50, samples.Average() + 0.05, 1), new(100, samples.Average(), 2)];
        return new CompareRun(id, $"{config.DisplayName} · seed {seed}", snapshot, ConfigDiff.FieldsOf(config), RunMetrics.Of(snapshot, validation), index);
    }

    private sealed class Close : IEqualityComparer<(double, double)>
    {
        public bool Equals((double, double) x, (double, double) y) => Math.Abs(x.Item1 - y.Item1) < 1e-12 && Math.Abs(x.Item2 - y.Item2) < 1e-12;

        public int GetHashCode((double, double) obj) => 0;
    }
}
