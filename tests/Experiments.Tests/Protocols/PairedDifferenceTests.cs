using UNet3D.Lab.Experiments.Protocols;

namespace UNet3D.Lab.Experiments.Tests.Protocols;

public sealed class PairedDifferenceTests
{
    [Theory]
    // Two-sided 95% t quantiles from the standard tables.
    [InlineData(1, 12.7062)]
    [InlineData(2, 4.3027)]
    [InlineData(3, 3.1824)]
    [InlineData(4, 2.7764)]
    [InlineData(5, 2.5706)]
    [InlineData(8, 2.3060)]
    [InlineData(10, 2.2281)]
    [InlineData(29, 2.0452)]
    [InlineData(120, 1.9799)]
    public void The_t_quantile_matches_the_tables(int degreesOfFreedom, double expected) =>
        Assert.Equal(expected, StudentT.TwoSidedQuantile(0.95, degreesOfFreedom), 3);

    [Fact]
    public void The_99_percent_quantile_matches_the_tables()
    {
        Assert.Equal(9.9248, StudentT.TwoSidedQuantile(0.99, 2), 3);
        Assert.Equal(3.1693, StudentT.TwoSidedQuantile(0.99, 10), 3);
    }

    [Fact]
    public void Mean_interval_and_n_of_hand_made_pairs()
    {
        // Differences 0.10, 0.20, 0.30: mean 0.2, sd 0.1, half-width t(0.975, 2) · 0.1 / √3 = 0.2484.
        var difference = PairedDifference.Of([(0.9, 0.8), (0.7, 0.5), (0.6, 0.3)])!;
        Assert.Equal(3, difference.N);
        Assert.Equal(0.2, difference.Mean, 12);
        Assert.Equal(0.1, difference.StandardDeviation!.Value, 12);
        Assert.Equal(0.2 - 0.24841, difference.Low!.Value, 4);
        Assert.Equal(0.2 + 0.24841, difference.High!.Value, 4);
        Assert.False(difference.AboveZero); // three pairs are not enough to be sure
    }

    [Fact]
    public void A_consistent_difference_over_many_pairs_lies_above_zero()
    {
        var pairs = Enumerable.Range(0, 12).Select(i => (0.8 + 0.01 * (i % 3), 0.7 + 0.01 * (i % 4))).ToArray();
        var difference = PairedDifference.Of(pairs)!;
        Assert.Equal(12, difference.N);
        Assert.True(difference.AboveZero);
        Assert.False(difference.BelowZero);
    }

    [Fact]
    public void Undefined_values_are_left_out_and_one_pair_has_no_interval()
    {
        var difference = PairedDifference.Of([(0.5, double.NaN), (0.6, 0.4)])!;
        Assert.Equal((1, 0.2), (difference.N, Math.Round(difference.Mean, 12)));
        Assert.Null(difference.Low);
        Assert.Null(PairedDifference.Of([(double.NaN, 0.1)]));
    }
}
