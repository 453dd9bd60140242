using Bunit;
using UNet3D.Lab.Silo.Models;
using UNet3D.Lab.Web.Components.Pages;

namespace UNet3D.Lab.Web.Tests;

public sealed class TablesPageTests(LabFixture lab) : LabComponentTest(lab)
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    // The first render waits for the silo; on a busy machine that can take more than bUnit's default second.
    private static readonly TimeSpan FirstRender = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_finished_table_stands_beside_the_papers_with_links_claims_chart_and_downloads()
    {
        var suite = await Lab.Finished(new TableRequest { Table = 2, Datasets = ["phantom-tiny-s1"], Iterations = 2 });
        var page = Render<TablesPage>(p => p.Add(x => x.SuiteId, suite.Id));

        page.WaitForAssertion(() => Assert.StartsWith("Table 2", page.Find("#page-title").TextContent), FirstRender);
        Assert.Equal("completed", page.Find("[data-testid=suite-status]").TextContent.Trim());
        Assert.EndsWith($"/tables/{suite.Id}", InputOf(page, "share-link").GetAttribute("value"));
        Assert.Equal($"/api/suites/{suite.Id}/table.csv", page.Find("[data-testid=download-csv]").GetAttribute("href"));
        Assert.Equal($"/api/suites/{suite.Id}/table.md", page.Find("[data-testid=download-md]").GetAttribute("href"));
        Assert.Contains("IoU: tubule (label 1)", page.Find("[data-testid=notes]").TextContent);
        Assert.Contains("cells 4 / 4 finished", page.Find("[data-testid=suite-counts]").TextContent);

        var rows = page.FindAll("[data-testid=table-row]");
        Assert.Equal(["1,1,1", "2,2,1", "3,3,2", "5,5,3"], rows.Select(r => r.GetAttribute("data-row")));
        Assert.All(rows, r => Assert.EndsWith("%", r.QuerySelector("[data-testid=extra]")!.TextContent.Trim()));
        // Each cell's value links to the experiment that computed it; the paper's value sits beside it.
        foreach (var cell in suite.Cells)
        {
            var place = page.Find($"[data-testid=cell][data-key={cell.Key}]");
            Assert.Equal("completed", place.GetAttribute("data-status"));
            Assert.Equal($"/experiments/{cell.Runs[0].ExperimentId}", place.QuerySelector("a[data-testid=value]")!.GetAttribute("href"));
        }
        Assert.Contains("0.331", rows[0].TextContent);

        var claim = page.Find("[data-testid=claim]");
        Assert.Equal("2", claim.GetAttribute("data-number"));
        Assert.Contains(claim.GetAttribute("data-verdict"), new[] { "holds", "does not hold" });
        Assert.Contains("IoU grows with the number of annotated slices", claim.TextContent);
        Assert.Equal("4", page.Find("[data-testid=suite-chart]").GetAttribute("data-bars"));
    }

    [Fact]
    public async Task Cells_fill_in_live_while_the_table_runs()
    {
        var suite = (await Lab.Ablations.StartTable(new TableRequest { Table = 2, Datasets = ["phantom-tiny-s2"], Iterations = 25, Fresh = true })).Ablation!;
        var page = Render<TablesPage>(p => p.Add(x => x.SuiteId, suite.Id));
        page.WaitForAssertion(() => Assert.Equal("running", page.Find("[data-testid=suite-status]").TextContent.Trim()), FirstRender);
        Assert.Contains(page.FindAll("[data-testid=cell][data-key]"), c => c.GetAttribute("data-status") != "completed");

        page.WaitForAssertion(() => Assert.Equal("completed", page.Find("[data-testid=suite-status]").TextContent.Trim()), Patience);
        Assert.All(page.FindAll("[data-testid=cell][data-key]"), c => Assert.Equal("completed", c.GetAttribute("data-status")));
        Assert.Equal(4 + 4, page.FindAll("[data-testid=cell] [data-testid=value]").Count); // the cells and the mean column
    }

    [Fact]
    public void The_form_names_the_invalid_field_and_stays()
    {
        var navigation = Navigation;
        var form = Render<TablesPage>();
        InputOf(form, "datasets").Change("phantom-tiny-s1, my-embryo");
        form.Find("[data-testid=run]").Click();

        form.WaitForAssertion(() => Assert.Contains("no dataset with id", form.Markup), FirstRender);
        Assert.Contains("mud-input-error", form.Markup);
        Assert.Contains("my-embryo", form.Markup);
        Assert.DoesNotContain("/tables/suite-", navigation.Uri);
    }

    [Fact]
    public async Task Run_starts_the_table_and_opens_its_shareable_page()
    {
        var navigation = Navigation;
        var form = Render<TablesPage>();
        Assert.Equal("phantom-tiny-s1, phantom-tiny-s2, phantom-tiny-s3", InputOf(form, "datasets").GetAttribute("value"));
        InputOf(form, "datasets").Change("phantom-tiny-s2");
        InputOf(form, "iterations").Change("1");
        form.Find("[data-testid=run]").Click();

        form.WaitForAssertion(() => Assert.Matches("/tables/suite-[a-z0-9]+$", navigation.Uri), FirstRender);
        var id = navigation.Uri[(navigation.Uri.LastIndexOf('/') + 1)..];
        var started = await Lab.Ablations.Get(id);
        Assert.NotNull(started);
        Assert.Equal(1, started.Table!.Table);
        Assert.Equal(["phantom-tiny-s2"], started.Datasets);
        Assert.Equal(1, started.Cells[0].Config.Iterations);
    }

    [Fact]
    public void Unknown_table_run_says_so()
    {
        var page = Render<TablesPage>(p => p.Add(x => x.SuiteId, "suite-doesnotexist"));
        page.WaitForAssertion(() => Assert.Contains("suite-doesnotexist", page.Find("[data-testid=not-found]").TextContent), FirstRender);
    }

    [Fact]
    public async Task A_table_too_long_for_the_lab_shows_the_estimate_and_starts_only_when_told_to()
    {
        // A 3.6 ms limit: one step of each of the table's networks is over it.
        LimitRunsTo(0.000001);
        var navigation = Navigation;
        var form = Render<TablesPage>();
        InputOf(form, "datasets").Change("phantom-tiny-s2");
        InputOf(form, "iterations").Change("1");
        await form.InvokeAsync(() => form.Find("[data-testid=run]").Click());

        AssertRefusedForLength(form);
        Assert.DoesNotContain("/tables/suite-", navigation.Uri);

        await form.InvokeAsync(() => form.Find("[data-testid=start-anyway]").Click());
        form.WaitForAssertion(() => Assert.Matches("/tables/suite-[a-z0-9]+$", navigation.Uri), FirstRender);
        var started = await Lab.Ablations.Get(navigation.Uri[(navigation.Uri.LastIndexOf('/') + 1)..]);
        Assert.Equal(1, started!.Cells[0].Config.Iterations);
    }
}
