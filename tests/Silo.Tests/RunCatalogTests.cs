using UNet3D.Lab.Experiments.Runs;
using UNet3D.Lab.Silo.Grains;
using UNet3D.Lab.Silo.Models;
using UNet3D.Lab.Silo.Runs;

namespace UNet3D.Lab.Silo.Tests;

/// <summary>The runs table's query through the catalog grain: each filter, each sort both ways, paging and the total.</summary>
public sealed class RunCatalogTests(RunCatalogFixture lab) : IClassFixture<RunCatalogFixture>
{
    private static readonly RunQuery All = RunQuery.Default;

    [Fact]
    public async Task Without_a_query_every_run_comes_newest_first_with_its_row()
    {
        var page = await lab.Runs.Query(All);
        Assert.Equal(5, page.Total);
        Assert.Equal(["Epsilon", "delta", "Gamma", "beta", "Alpha"], lab.Names(page.Items.Select(r => r.Id)));

        var alpha = page.Items.Single(r => r.Name == "Alpha");
        Assert.Equal((ExperimentStatus.Completed, ModelKind.ThreeD, true, "smoke", 10, 10), (alpha.Status, alpha.Model, alpha.BatchNorm, alpha.Preset, alpha.Step, alpha.TotalSteps));
        Assert.Equal((0.8, 0.2, 30.0), (alpha.MeanIou, alpha.FinalLoss, alpha.Duration));
        Assert.Equal(["baseline", "Keep"], alpha.Tags);
        Assert.Equal(["abl-one"], alpha.Ablations);
        Assert.Equal(["phantom-tiny-s1", "phantom-tiny-s2", "phantom-tiny-s3"], alpha.Datasets);
        Assert.NotNull(alpha.FinishedAt);
        var epsilon = page.Items.Single(r => r.Name == "Epsilon");
        Assert.Null(epsilon.MeanIou); // undefined (NaN) is no value
        Assert.Null(page.Items.Single(r => r.Name == "delta").Duration);
    }

    [Theory]
    [InlineData("status=completed", "Epsilon,beta,Alpha")]
    [InlineData("status=failed", "Gamma")]
    [InlineData("status=queued", "delta")]
    [InlineData("status=running", "")]
    [InlineData("model=2d", "Epsilon,beta")]
    [InlineData("model=3d", "delta,Gamma,Alpha")]
    [InlineData("preset=cpu", "beta")]
    [InlineData("preset=SMOKE", "Epsilon,delta,Gamma,Alpha")]
    [InlineData("tag=baseline", "beta,Alpha")]
    [InlineData("tag=KEEP", "Alpha")]
    [InlineData("tag=other", "")]
    [InlineData("ablation=abl-one", "Gamma,Alpha")]
    [InlineData("search=ALPH", "Alpha")]
    [InlineData("search=L", "Epsilon,delta,Alpha")]
    [InlineData("model=3d&status=completed", "Alpha")]
    [InlineData("model=2d&tag=baseline&preset=cpu", "beta")]
    [InlineData("ablation=abl-one&status=failed", "Gamma")]
    public async Task Each_filter_and_any_combination_of_them_selects_its_runs(string query, string expected)
    {
        var page = await lab.Runs.Query(Parse(query));
        var names = expected.Length == 0 ? [] : expected.Split(',');
        Assert.Equal(names, lab.Names(page.Items.Select(r => r.Id)));
        Assert.Equal(names.Length, page.Total);
    }

    [Fact]
    public async Task Search_finds_a_run_by_part_of_its_id()
    {
        var id = lab.Ids["Gamma"];
        var page = await lab.Runs.Query(All with { Search = id[4..10].ToUpperInvariant() });
        Assert.Equal(["Gamma"], lab.Names(page.Items.Select(r => r.Id)));
    }

    [Theory]
    [InlineData("-meanIou", "Alpha,beta,Epsilon,delta,Gamma")]
    [InlineData("meanIou", "beta,Alpha,Epsilon,delta,Gamma")]
    [InlineData("-finalLoss", "Epsilon,beta,Alpha,delta,Gamma")]
    [InlineData("finalLoss", "Alpha,beta,Epsilon,delta,Gamma")]
    [InlineData("-bestValidationIou", "Epsilon,delta,Gamma,beta,Alpha")]
    [InlineData("bestValidationIou", "Epsilon,delta,Gamma,beta,Alpha")]
    [InlineData("-duration", "beta,Epsilon,Alpha,Gamma,delta")]
    [InlineData("duration", "Gamma,Alpha,Epsilon,beta,delta")]
    [InlineData("name", "Alpha,beta,delta,Epsilon,Gamma")]
    [InlineData("-name", "Gamma,Epsilon,delta,beta,Alpha")]
    [InlineData("createdAt", "Alpha,beta,Gamma,delta,Epsilon")]
    [InlineData("-createdAt", "Epsilon,delta,Gamma,beta,Alpha")]
    public async Task Each_column_sorts_both_ways_with_runs_without_a_value_last_newest_first(string sort, string expected)
    {
        var page = await lab.Runs.Query(Parse($"sort={sort}"));
        Assert.Equal(expected.Split(','), lab.Names(page.Items.Select(r => r.Id)));
    }

    [Theory]
    [InlineData("-meanIou", 2)]
    [InlineData("meanIou", 3)]
    [InlineData("name", 2)]
    [InlineData("-duration", 1)]
    public async Task Pages_put_together_are_the_whole_list_and_each_says_the_total(string sort, int limit)
    {
        var whole = (await lab.Runs.Query(Parse($"sort={sort}"))).Items.Select(r => r.Id).ToArray();
        var paged = new List<string>();
        for (var offset = 0; offset < whole.Length; offset += limit)
        {
            var page = await lab.Runs.Query(Parse($"sort={sort}&limit={limit}&offset={offset}"));
            Assert.Equal(5, page.Total);
            Assert.Equal(Math.Min(limit, whole.Length - offset), page.Items.Length);
            paged.AddRange(page.Items.Select(r => r.Id));
        }
        Assert.Equal(whole, paged);
    }

    [Fact]
    public async Task A_page_can_start_among_runs_with_a_value_and_end_among_those_without()
    {
        var page = await lab.Runs.Query(Parse("sort=-meanIou&limit=2&offset=1"));
        Assert.Equal(["beta", "Epsilon"], lab.Names(page.Items.Select(r => r.Id)));
        var beyond = await lab.Runs.Query(Parse("sort=-meanIou&offset=7"));
        Assert.Empty(beyond.Items);
        Assert.Equal(5, beyond.Total);
        var filtered = await lab.Runs.Query(Parse("status=completed&sort=finalLoss&limit=1&offset=1"));
        Assert.Equal(["beta"], lab.Names(filtered.Items.Select(r => r.Id)));
        Assert.Equal(3, filtered.Total);
    }

    [Fact]
    public async Task Tags_in_use_are_listed_once_each_in_the_oldest_runs_spelling()
    {
        // Alpha (oldest) has "baseline" and "Keep", beta "BASELINE"; the others have none.
        Assert.Equal(["baseline", "Keep"], await lab.Runs.Tags());
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(201, 0)]
    [InlineData(50, -1)]
    public async Task A_query_out_of_range_is_refused_by_the_grain(int limit, int offset)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => lab.Runs.Query(All with { Limit = limit, Offset = offset }));
        Assert.Contains(offset < 0 ? "offset" : "limit", error.Message);
    }

    private static RunQuery Parse(string query)
    {
        var parameters = query.Split('&').Select(p => p.Split('=')).Select(p => KeyValuePair.Create(p[0], new Microsoft.Extensions.Primitives.StringValues(p[1])));
        var (parsed, problems) = RunQueryParameters.Parse(parameters);
        Assert.Empty(problems);
        return parsed!;
    }
}
