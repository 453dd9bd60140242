using System.Text.Json.Nodes;
using Bunit;
using UNet3D.Lab.Experiments.Runs;
using UNet3D.Lab.Silo.Models;
using UNet3D.Lab.Web.Components.Pages;

namespace UNet3D.Lab.Web.Tests;

/// <summary>
/// Each filter of the runs table, chosen in its select: the rows the server sends match it, it goes into the URL, the
/// table goes back to its first page, and clearing it shows the rest again.
/// </summary>
public sealed class RunsTableFilterTests(LabFixture lab) : RunsTableTest(lab)
{
    [Theory]
    [InlineData("filter-status", "status", "completed", "trained")]
    [InlineData("filter-model", "model", "2d", "2d")]
    [InlineData("filter-preset", "preset", "cpu", "cpu")]
    public async Task A_filter_chosen_in_its_select_narrows_the_rows_goes_into_the_url_and_clears(string select, string parameter, string value, string expected)
    {
        // Three runs that differ in one way each: one trained to completion, one 2D, one of the cpu preset.
        var tag = Unique("filter");
        await Tagged(tag, 3, trained: false, name: i => new[] { "plain", "2d", "cpu" }[i],
            vary: (i, spec) => i switch { 1 => spec with { Model = ModelKind.TwoD }, 2 => spec with { Preset = "cpu" }, _ => spec });
        var trained = await Lab.Completed(Smoke with { Name = "trained", Seed = 9 });
        await Lab.Experiments.Annotate(trained.Id, new RunAnnotation { Tags = [tag] });
        Navigation.NavigateTo($"/?tag={tag}&sort=name&limit=2&offset=2");
        var page = Render<ExperimentsPage>();
        page.WaitForAssertion(() => Assert.Equal(["plain", "trained"], Names(page)));

        await page.InvokeAsync(() => Select(page, select).SelectOption(value));
        page.WaitForAssertion(() => Assert.Equal([expected], Names(page)));
        Assert.Equal(value, Query()[parameter].ToString());
        Assert.False(Query().ContainsKey("offset"));
        Assert.Equal("1 run", page.Find("[data-testid=total]").TextContent);

        await page.InvokeAsync(() => Select(page, select).ClearAsync());
        page.WaitForAssertion(() => Assert.Equal(["2d", "cpu"], Names(page)));
        Assert.False(Query().ContainsKey(parameter));
        Assert.Equal(tag, Query()["tag"].ToString());
    }

    [Fact]
    public async Task The_ablation_filter_offers_the_labs_ablations_by_name_and_shows_only_their_runs()
    {
        var (grid, problems) = await Lab.Ablations.StartGrid(new GridRequest
        {
            Name = "filter grid",
            Base = JsonNode.Parse("""{"model":"3d","iterations":1}""")!.AsObject(),
            Axes = new() { ["batchNorm"] = JsonNode.Parse("[true,false]")!.AsArray() },
            Seeds = 1,
            Fresh = true,
        });
        Assert.Empty(problems);
        var runs = await RunsOf(grid!.Id, 2);
        await Tagged(Unique("outside"), 1, trained: false);

        var page = Render<ExperimentsPage>();
        var ablations = Select(page, "filter-ablation");
        await page.InvokeAsync(ablations.OpenMenu);
        Popovers.WaitForAssertion(() => Assert.Contains("filter grid (grid)", Popovers.Markup));

        await page.InvokeAsync(() => ablations.SelectOption(grid.Id));
        page.WaitForAssertion(() => Assert.Equal(runs.Order(), Ids(page).Order()));
        Assert.Equal(grid.Id, Query()["ablation"].ToString());
        // A select with a text function shows the chosen item's text in its input.
        Assert.Equal("filter grid (grid)", page.Find("[data-testid=filter-ablation]").GetAttribute("value"));
    }

    [Fact]
    public async Task The_tag_filter_offers_the_tags_in_use_and_a_tag_no_run_has_shows_no_rows()
    {
        var tag = Unique("offered");
        await Tagged(tag, 1, trained: false);
        var page = Render<ExperimentsPage>();
        var tags = Select(page, "filter-tag");
        await page.InvokeAsync(tags.OpenMenu);
        Popovers.WaitForAssertion(() => Assert.Contains(tag, Popovers.Markup));
        await page.InvokeAsync(() => tags.SelectOption(tag));
        page.WaitForAssertion(() => Assert.Equal(["offered 0"], Names(page)));

        Navigation.NavigateTo($"/?tag={Unique("unused")}");
        page.WaitForAssertion(() => Assert.Equal("No run matches these filters.", page.Find("[data-testid=no-runs]").TextContent));
        Assert.Equal("0 runs", page.Find("[data-testid=total]").TextContent);
    }

    private async Task<string[]> RunsOf(string ablationId, int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var ids = (await Lab.Ablations.Get(ablationId))!.Cells.SelectMany(c => c.Runs).Select(r => r.ExperimentId).OfType<string>().ToArray();
            if (ids.Length == count && (await Task.WhenAll(ids.Select(Lab.Experiments.Get))).All(r => r!.Ablations.Contains(ablationId))) return ids;
            await Task.Delay(100, timeout.Token);
        }
    }
}
