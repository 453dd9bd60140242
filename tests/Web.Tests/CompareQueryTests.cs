using Microsoft.AspNetCore.WebUtilities;
using UNet3D.Lab.Web.Compare;

namespace UNet3D.Lab.Web.Tests;

/// <summary>The compare view's URL: every control's state read and written back, and a problem naming the parameter of each bad value.</summary>
public sealed class CompareQueryTests
{
    [Fact]
    public void Every_parameter_is_read_and_written_back_as_a_short_link()
    {
        const string text = "ids=exp-a,exp-b&ablation=abl-x&series=loss,validationIou/tubule&smooth=0.8&x=time&logY=true&groupBy=annotatedSlices&hidden=exp-b&pair=%5B2,2,2%5D&pair=%5B1,1,1%5D";
        var (query, problems) = Parse(text);
        Assert.Empty(problems);
        Assert.Equal(["exp-a", "exp-b"], query.Ids);
        Assert.Equal("abl-x", query.Ablation);
        Assert.Equal(["loss", "validationIou/tubule"], query.Series);
        Assert.Equal((0.8, CompareAxis.Time, true, "annotatedSlices"), (query.Smooth, query.X, query.LogY, query.GroupBy));
        Assert.Equal(["exp-b"], query.Hidden);
        Assert.Equal(("[2,2,2]", "[1,1,1]"), query.Pair);
        Assert.Equal(text, CompareQueryParameters.Format(query));
        Assert.True(query.SameView(Parse(CompareQueryParameters.Format(query)).Query));
    }

    [Fact]
    public void Defaults_are_left_out_of_the_link()
    {
        var (query, problems) = Parse("ids=exp-a&series=loss&smooth=0&x=step&logY=false");
        Assert.Empty(problems);
        Assert.Equal("/compare?ids=exp-a", CompareQueryParameters.PathOf(query));
        Assert.Equal("/compare", CompareQueryParameters.PathOf(CompareQuery.Default));
        Assert.False(CompareQuery.Default.HasRuns);
    }

    [Theory]
    [InlineData("smooth=1", "smooth", "must be a number from 0 to 0.99, not \"1\"")]
    [InlineData("smooth=-0.1", "smooth", "not \"-0.1\"")]
    [InlineData("x=epoch", "x", "must be \"step\" or \"time\", not \"epoch\"")]
    [InlineData("logY=yes", "logY", "must be true or false")]
    [InlineData("groupBy=colour", "groupBy", "must be a configuration field (model, batchNorm,")]
    [InlineData("groupBy=name", "groupBy", "not \"name\"")]
    [InlineData("ids=exp-a,exp%2Fb", "ids", "\"exp/b\" is not an experiment id")]
    [InlineData("hidden=a%20b", "hidden", "\"a b\" is not an experiment id")]
    [InlineData("series=1loss", "series", "\"1loss\" is not a series name")]
    [InlineData("ablation=abl%3F", "ablation", "\"abl?\" is not an ablation id")]
    [InlineData("pair=3d", "pair", "needs two group values")]
    [InlineData("pair=3d&pair=2d", "pair", "needs groupBy")]
    [InlineData("groupBy=model&pair=3d&pair=3d", "pair", "two different groups")]
    [InlineData("smooth=0.5&smooth=0.6", "smooth", "given 2 times")]
    [InlineData("colour=red", "colour", "not a parameter of the compare view")]
    public void A_bad_value_is_a_problem_naming_its_parameter_and_the_rest_still_reads(string text, string parameter, string says)
    {
        var (query, problems) = Parse(text + "&ids=exp-z");
        var problem = Assert.Single(problems);
        Assert.Equal(parameter, problem.Field);
        Assert.Contains(says, problem.Message);
        Assert.Contains("exp-z", query.Ids);
    }

    [Fact]
    public void At_most_200_runs_are_compared()
    {
        var (query, problems) = Parse("ids=" + string.Join(',', Enumerable.Range(0, 201).Select(i => $"exp-{i}")));
        Assert.Equal(200, query.Ids.Count);
        Assert.Equal("names 201 runs; a view compares at most 200", Assert.Single(problems).Message);
    }

    [Fact]
    public void Hiding_and_showing_a_run_keeps_the_others()
    {
        var query = new CompareQuery { Ids = ["exp-a", "exp-b", "exp-c"], Hidden = ["exp-a"] };
        Assert.Equal(["exp-a", "exp-c"], query.WithHidden("exp-c", true).Hidden);
        Assert.Empty(query.WithHidden("exp-a", false).Hidden);
        Assert.True(query.IsHidden("exp-a"));
    }

    private static (CompareQuery Query, IReadOnlyList<Experiments.Runs.SpecProblem> Problems) Parse(string text) =>
        CompareQueryParameters.Parse(QueryHelpers.ParseQuery(text));
}
