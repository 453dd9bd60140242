using Microsoft.Extensions.Primitives;
using UNet3D.Lab.Experiments.Runs;
using UNet3D.Lab.Silo.Models;
using UNet3D.Lab.Silo.Runs;

namespace UNet3D.Lab.Silo.Tests;

/// <summary>The runs table's query string: typed values, defaults, and a problem naming the parameter of each bad one.</summary>
public sealed class RunQueryParametersTests
{
    [Fact]
    public void No_parameters_and_empty_ones_are_the_defaults_newest_first()
    {
        Assert.Equal(RunQuery.Default, Parse().Query);
        Assert.Equal(RunQuery.Default, Parse(("search", ""), ("status", ""), ("model", " "), ("sort", ""), ("limit", "")).Query);
        Assert.Equal((RunSortColumn.CreatedAt, true, 50, 0), (RunQuery.Default.Sort, RunQuery.Default.Descending, RunQuery.Default.Limit, RunQuery.Default.Offset));
    }

    [Fact]
    public void Every_parameter_is_read_into_its_type()
    {
        var (query, problems) = Parse(("search", "Alpha"), ("status", "Completed"), ("model", "2D"), ("preset", "CPU"), ("tag", "lr:0.005"),
            ("ablation", "abl-1"), ("sort", "-meanIou"), ("limit", "200"), ("offset", "400"));
        Assert.Empty(problems);
        Assert.Equal(new RunQuery
        {
            Search = "Alpha", Status = ExperimentStatus.Completed, Model = ModelKind.TwoD, Preset = "cpu", Tag = "lr:0.005", Ablation = "abl-1",
            Sort = RunSortColumn.MeanIou, Descending = true, Limit = 200, Offset = 400,
        }, query);
        Assert.Equal((RunSortColumn.Name, false), Sorted("name"));
        Assert.Equal((RunSortColumn.BestValidationIou, true), Sorted("-bestValidationIou"));
        Assert.Equal((RunSortColumn.Duration, false), Sorted("DURATION"));
        Assert.Equal((RunSortColumn.FinalLoss, true), Sorted("-finalloss"));
    }

    [Theory]
    [InlineData("sort", "iou", "\"meanIou\", \"finalLoss\", \"bestValidationIou\", \"createdAt\", \"duration\", \"name\"")]
    [InlineData("sort", "-", "not \"\"")]
    [InlineData("sort", "--name", "not \"-name\"")]
    [InlineData("status", "done", "\"queued\", \"running\", \"completed\", \"failed\", \"cancelled\"")]
    [InlineData("model", "4d", "\"3d\", \"2d\"")]
    [InlineData("preset", "huge", "\"smoke\", \"cpu\", \"paper\"")]
    [InlineData("limit", "0", "1 to 200, not 0")]
    [InlineData("limit", "201", "1 to 200, not 201")]
    [InlineData("limit", "ten", "whole number, not \"ten\"")]
    [InlineData("offset", "-1", "0 or more, not -1")]
    [InlineData("offset", "1.5", "whole number")]
    [InlineData("tag", "a/b", "'/'")]
    [InlineData("sortBy", "name", "is not a parameter of this list")]
    public void Bad_value_is_a_problem_naming_its_parameter(string parameter, string value, string says)
    {
        var (query, problems) = Parse((parameter, value));
        Assert.Null(query);
        var problem = Assert.Single(problems);
        Assert.Equal(parameter, problem.Field);
        Assert.Contains(says, problem.Message);
    }

    [Fact]
    public void Search_longer_than_the_limit_and_a_repeated_parameter_are_problems()
    {
        Assert.Equal("search", Assert.Single(Parse(("search", new string('s', 201))).Problems).Field);
        var repeated = RunQueryParameters.Parse([KeyValuePair.Create("tag", new StringValues(["a", "b"]))]);
        Assert.Contains("given 2 times", Assert.Single(repeated.Problems).Message);
        Assert.Equal(2, Parse(("limit", "x"), ("status", "y")).Problems.Count);
    }

    [Fact]
    public void Format_writes_what_parse_reads_back()
    {
        var query = new RunQuery { Search = "a b&c", Status = ExperimentStatus.Failed, Tag = "Sweep", Sort = RunSortColumn.Name, Descending = false, Limit = 10, Offset = 20 };
        var text = RunQueryParameters.Format(query);
        Assert.Equal("search=a%20b%26c&status=failed&tag=Sweep&sort=name&limit=10&offset=20", text);
        var parameters = text.Split('&').Select(p => p.Split('=')).Select(p => (p[0], Uri.UnescapeDataString(p[1]))).ToArray();
        Assert.Equal(query, Parse(parameters).Query);
        Assert.Equal("", RunQueryParameters.Format(RunQuery.Default));
    }

    private static (RunSortColumn, bool) Sorted(string sort)
    {
        var query = Parse(("sort", sort)).Query!;
        return (query.Sort, query.Descending);
    }

    private static (RunQuery? Query, IReadOnlyList<SpecProblem> Problems) Parse(params (string Name, string Value)[] parameters) =>
        RunQueryParameters.Parse(parameters.Select(p => KeyValuePair.Create(p.Name, new StringValues(p.Value))));
}
