using UNet3D.Lab.Experiments.Protocols;

namespace UNet3D.Lab.Experiments.Tests.Protocols;

public sealed class PaperClaimsTests
{
    private static IReadOnlyList<ClaimCheck> Table1(double withoutBn, double withBn, double twoD) =>
        PaperClaims.Check(new OutcomeBuilder(1, "a").All((_, column) => column switch
        {
            "3D w/o BN" => withoutBn,
            "3D with BN" => withBn,
            _ => twoD,
        }).Build());

    [Fact]
    public void Table_1_checks_3d_against_2d_and_bn_against_no_bn_on_the_averages()
    {
        var claims = Table1(withoutBn: 0.80, withBn: 0.85, twoD: 0.70);
        Assert.Equal([1, 3], claims.Select(c => c.Number));
        Assert.All(claims, c => Assert.Equal(ClaimVerdict.Holds, c.Verdict));
        Assert.All(claims, c => Assert.Equal(ClaimVerdict.Holds, c.PaperVerdict));
        Assert.Equal("ours: 3D with BN 0.850 vs 2D with BN 0.700 (+0.150); paper: 3D with BN 0.863 vs 2D with BN 0.796 (+0.067)", claims[0].Evidence);
        Assert.Equal("holds when the average IoU of 3D with BN exceeds that of 2D with BN", claims[0].Rule);

        var reversed = Table1(withoutBn: 0.90, withBn: 0.85, twoD: 0.88);
        Assert.All(reversed, c => Assert.Equal(ClaimVerdict.DoesNotHold, c.Verdict));
        Assert.Equal("does not hold", reversed[0].VerdictText);
    }

    [Fact]
    public void A_claim_is_undetermined_until_its_cells_have_finished()
    {
        var table = new OutcomeBuilder(1, "a")
            .Cell("subset 1", "3D with BN", 0.9).Cell("subset 2", "3D with BN", 0.9).Cell("subset 3", "3D with BN", 0.9)
            .Pending("subset 1", "2D with BN", 1)
            .Build();
        var claims = PaperClaims.Check(table);
        Assert.All(claims, c => Assert.Equal(ClaimVerdict.Undetermined, c.Verdict));
        Assert.StartsWith("ours: not finished", claims[0].Evidence);
    }

    [Theory]
    [InlineData(new[] { 0.3, 0.5, 0.6, 0.8 }, ClaimVerdict.Holds)]
    [InlineData(new[] { 0.3, 0.5, 0.5, 0.8 }, ClaimVerdict.Holds)]
    [InlineData(new[] { 0.3, 0.6, 0.5, 0.8 }, ClaimVerdict.DoesNotHold)]
    [InlineData(new[] { 0.5, 0.5, 0.5, 0.5 }, ClaimVerdict.DoesNotHold)]
    public void Table_2_holds_when_the_mean_never_decreases_and_ends_higher(double[] means, ClaimVerdict expected)
    {
        var rows = TableLayout.For(2, ["a"]).Rows.ToList();
        var claim = Assert.Single(PaperClaims.Check(new OutcomeBuilder(2, "a", "b").All((row, column) => means[rows.IndexOf(row)] + (column == "a" ? -0.1 : 0.1)).Build()));
        Assert.Equal(2, claim.Number);
        Assert.Equal(expected, claim.Verdict);
        Assert.Equal(ClaimVerdict.Holds, claim.PaperVerdict);
    }

    [Fact]
    public void Table_3_names_the_volume_where_bn_hurts_most()
    {
        double[] withoutBn = [0.70, 0.75, 0.80], withBn = [0.75, 0.72, 0.60];
        var rows = new[] { "a", "b", "c" }.ToList();
        var table = new OutcomeBuilder(3, "a", "b", "c").All((row, column) => column switch
        {
            "3D w/o BN" => withoutBn[rows.IndexOf(row)],
            "3D with BN" => withBn[rows.IndexOf(row)],
            _ => 0.5,
        }).Build();
        var claims = PaperClaims.Check(table);
        Assert.Equal([1, 3], claims.Select(c => c.Number));
        Assert.Equal(ClaimVerdict.Holds, claims[0].Verdict);
        var hurt = claims[1];
        Assert.Equal(ClaimVerdict.Holds, hurt.Verdict);
        Assert.Equal(ClaimVerdict.Holds, hurt.PaperVerdict);
        Assert.Equal("ours: largest drop on c: 3D with BN 0.600 vs 3D w/o BN 0.800 (-0.200); paper: largest drop on c: 3D with BN 0.554 vs 3D w/o BN 0.779 (-0.225)", hurt.Evidence);

        var never = PaperClaims.Check(new OutcomeBuilder(3, "a", "b").All((_, column) => column == "3D with BN" ? 0.8 : 0.7).Build())[1];
        Assert.Equal(ClaimVerdict.DoesNotHold, never.Verdict);
        Assert.StartsWith("ours: 3D with BN is at least as good on every volume (smallest change +0.100 on a)", never.Evidence);
    }
}
