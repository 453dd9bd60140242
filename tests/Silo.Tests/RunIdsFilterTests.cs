using Microsoft.Extensions.Primitives;
using UNet3D.Lab.Experiments.Runs;
using UNet3D.Lab.Silo.Models;
using UNet3D.Lab.Silo.Runs;

namespace UNet3D.Lab.Silo.Tests;

/// <summary>The runs index filtered to a list of ids (a compare view's runs): read from <c>ids=a,b</c>, combined with the other filters.</summary>
public sealed class RunIdsFilterTests(RunCatalogFixture lab) : IClassFixture<RunCatalogFixture>
{
    [Fact]
    public async Task Only_the_named_runs_that_exist_come_back_and_other_filters_still_hold()
    {
        var named = new[] { lab.Ids["beta"], lab.Ids["Gamma"], "exp-doesnotexist", lab.Ids["Alpha"] };
        var page = await lab.Runs.Query(RunQuery.Default with { Ids = named });
        Assert.Equal(["Gamma", "beta", "Alpha"], lab.Names(page.Items.Select(r => r.Id)));
        Assert.Equal(3, page.Total);

        var completed = await lab.Runs.Query(RunQuery.Default with { Ids = named, Status = ExperimentStatus.Completed, Sort = RunSortColumn.Name, Descending = false });
        Assert.Equal(["Alpha", "beta"], lab.Names(completed.Items.Select(r => r.Id)));
        Assert.Equal(2, completed.Total);
        Assert.Equal(0, (await lab.Runs.Query(RunQuery.Default with { Ids = [] })).Total);
    }

    [Fact]
    public void Ids_are_read_separated_by_commas_each_once_and_written_back()
    {
        var (query, problems) = Parse("ids", " exp-a,exp-b,,exp-a , exp-c");
        Assert.Empty(problems);
        Assert.Equal(["exp-a", "exp-b", "exp-c"], query!.Ids!);
        var (again, _) = Parse("ids", Uri.UnescapeDataString(RunQueryParameters.Format(query)["ids=".Length..]));
        Assert.Equal(query.Ids, again!.Ids!);
        Assert.Null(Parse("ids", "").Query!.Ids);
    }

    [Fact]
    public void A_bad_id_or_too_many_are_problems_naming_ids()
    {
        var bad = Assert.Single(Parse("ids", "exp-a,exp/b").Problems);
        Assert.Equal(("ids", "\"exp/b\" is not an experiment id (letters, digits, - and _, at most 64)"), (bad.Field, bad.Message));
        var many = string.Join(',', Enumerable.Range(0, RunQuery.MaxIds + 1).Select(i => $"exp-{i}"));
        Assert.Equal(("ids", "must name at most 200 runs, not 201"), (Assert.Single(Parse("ids", many).Problems).Field, Parse("ids", many).Problems[0].Message));
    }

    private static (RunQuery? Query, IReadOnlyList<SpecProblem> Problems) Parse(string name, string value) =>
        RunQueryParameters.Parse([KeyValuePair.Create(name, new StringValues(value))]);
}
