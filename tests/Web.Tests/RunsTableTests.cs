using System.Globalization;
using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.WebUtilities;
using MudBlazor;
using UNet3D.Lab.Experiments.Runs;
using UNet3D.Lab.Silo.Models;
using UNet3D.Lab.Silo.Runs;
using UNet3D.Lab.Web.Components;
using UNet3D.Lab.Web.Components.Pages;

namespace UNet3D.Lab.Web.Tests;

/// <summary>
/// The runs table on the home page against a real lab: server-side pages, sorting by a header, filters and search from
/// and into the URL. Each test tags its own runs and filters by that tag, so runs of other tests do not get in the way.
/// </summary>
public sealed class RunsTableTests(LabFixture lab) : RunsTableTest(lab)
{
    [Fact]
    public async Task Pages_come_from_the_server_and_the_page_is_in_the_url()
    {
        var tag = Unique("paging");
        var ids = await Tagged(tag, 3, trained: false);
        Navigation.NavigateTo($"/experiments?tag={tag}&limit=2&sort=name");
        var page = Render<ExperimentsPage>();

        page.WaitForAssertion(() => Assert.Equal(["paging 0", "paging 1"], Names(page)));
        Assert.Equal("3 runs", page.Find("[data-testid=total]").TextContent);

        await page.InvokeAsync(() => page.Find("button[aria-label='Next page']").Click());
        page.WaitForAssertion(() => Assert.Equal(["paging 2"], Names(page)));
        Assert.Equal([ids[2]], page.FindAll("[data-testid=run-row]").Select(r => r.GetAttribute("data-id")));
        page.WaitForAssertion(() => Assert.Equal("2", Query()["offset"]));
        Assert.Equal((tag, "2", "name"), (Query()["tag"].ToString(), Query()["limit"].ToString(), Query()["sort"].ToString()));
    }

    [Fact]
    public async Task A_link_restores_search_filters_sort_page_page_size_and_columns()
    {
        var tag = Unique("restore");
        await Tagged(tag, 6, trained: false,
            name: i => i == 5 ? "other 5" : $"keep {i}",
            vary: (i, spec) => spec with { Model = i == 4 ? ModelKind.ThreeD : ModelKind.TwoD });
        var link = $"/experiments?search=keep&status=cancelled&model=2d&preset=smoke&tag={tag}&sort=name&limit=2&offset=2&columns=status,tags";
        Navigation.NavigateTo(link);
        var page = Render<ExperimentsPage>();

        page.WaitForAssertion(() => Assert.Equal(["keep 2", "keep 3"], Names(page)));
        Assert.Equal("4 runs", page.Find("[data-testid=total]").TextContent);
        Assert.Equal("keep", InputOf(page, "search").GetAttribute("value"));
        Assert.Equal("cancelled", page.Find("[data-testid=filter-status]").TextContent.Trim());
        Assert.Equal("2D U-Net", page.Find("[data-testid=filter-model]").TextContent.Trim());
        Assert.Equal("smoke", page.Find("[data-testid=filter-preset]").TextContent.Trim());
        Assert.Equal(tag, page.Find("[data-testid=filter-tag]").TextContent.Trim());
        Assert.NotNull(page.Find("[data-testid=sort-name]").QuerySelector(".mud-direction-asc"));
        Assert.Contains("3-4 of 4", page.Find("[data-testid=pager]").TextContent);
        Assert.Equal(["cell-status", "cell-tags"], page.FindAll("td[data-testid^=cell-]").Take(2).Select(c => c.GetAttribute("data-testid")));
        Assert.Equal(4, page.FindAll("td[data-testid^=cell-]").Count);
        // Showing the linked view leaves the link as it was.
        Assert.EndsWith(link, Navigation.Uri);
    }

    [Fact]
    public async Task A_page_size_chosen_in_the_pager_goes_into_the_url()
    {
        var tag = Unique("pagesize");
        await Tagged(tag, 3, trained: false);
        Navigation.NavigateTo($"/?tag={tag}&limit=2");
        var page = Render<ExperimentsPage>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=run-row]").Count));

        var sizes = page.FindComponent<RunsPager>().FindComponent<MudSelect<int>>();
        await page.InvokeAsync(sizes.Instance.OpenMenu);
        Assert.Equal(["2", "25", "50", "100"], Popovers.WaitForElements(".mud-list-item").Select(i => i.TextContent.Trim()));
        await page.InvokeAsync(() => Popovers.FindAll(".mud-list-item").Single(i => i.TextContent.Trim() == "25").Click());
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=run-row]").Count));
        page.WaitForAssertion(() => Assert.Equal("25", Query()["limit"].ToString()));
        Assert.Equal("1-3 of 3", page.Find("[data-testid=page-range]").TextContent);
    }

    [Fact]
    public async Task Clicking_a_header_sorts_by_it_on_the_server_best_first_then_the_other_way()
    {
        var tag = Unique("sorting");
        var ids = await Tagged(tag, 3, trained: true);
        var ious = new List<double>();
        foreach (var id in ids) ious.Add(Math.Round((await Lab.Experiments.Get(id))!.Metrics!.MeanIoU, 3));
        Navigation.NavigateTo($"/?tag={tag}");
        var page = Render<ExperimentsPage>();
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=run-row]").Count));

        await page.InvokeAsync(() => page.Find("[data-testid=sort-meanIou]").Click());
        page.WaitForAssertion(() => Assert.Equal("-meanIou", Query()["sort"].ToString()));
        page.WaitForAssertion(() => Assert.Equal(ious.OrderDescending(), Ious(page)));

        await page.InvokeAsync(() => page.Find("[data-testid=sort-meanIou]").Click());
        page.WaitForAssertion(() => Assert.Equal("meanIou", Query()["sort"].ToString()));
        page.WaitForAssertion(() => Assert.Equal(ious.Order(), Ious(page)));
    }

    [Fact]
    public async Task On_a_phone_the_order_is_chosen_in_a_select_and_turned_round_with_a_button()
    {
        var tag = Unique("phonesort");
        await Tagged(tag, 3, trained: false);
        Navigation.NavigateTo($"/?tag={tag}");
        var page = Render<ExperimentsPage>();
        page.WaitForAssertion(() => Assert.Equal(["phonesort 2", "phonesort 1", "phonesort 0"], Names(page)));

        var sortBy = page.FindComponents<MudSelect<RunSortColumn>>().Single().Instance;
        await page.InvokeAsync(() => sortBy.SelectOption(RunSortColumn.Name));
        page.WaitForAssertion(() => Assert.Equal(["phonesort 0", "phonesort 1", "phonesort 2"], Names(page)));
        Assert.Equal("name", Query()["sort"].ToString());

        page.Find("[data-testid=sort-direction]").Click();
        page.WaitForAssertion(() => Assert.Equal(["phonesort 2", "phonesort 1", "phonesort 0"], Names(page)));
        Assert.Equal("-name", Query()["sort"].ToString());
        Assert.NotNull(page.Find("[data-testid=sort-name]").QuerySelector(".mud-direction-desc"));
    }

    [Fact]
    public async Task A_link_with_a_tag_shows_only_that_tags_runs_and_a_tag_chip_filters_by_its_tag()
    {
        var tag = Unique("linked");
        var other = Unique("other");
        var tagged = await Tagged(tag, 2, trained: false);
        await Tagged(other, 1, trained: false);

        Navigation.NavigateTo($"/experiments?tag={tag}");
        var page = Render<ExperimentsPage>();
        page.WaitForAssertion(() => Assert.Equal(tagged.Reverse(), page.FindAll("[data-testid=run-row]").Select(r => r.GetAttribute("data-id"))));
        Assert.Equal(tag, page.Find("[data-testid=filter-tag]").TextContent.Trim());

        // The chips of another tag on the same row filter by that one instead.
        await Lab.Experiments.Annotate(tagged[0], new RunAnnotation { Tags = [tag, other] });
        page.WaitForAssertion(() => Assert.Single(page.FindAll($"[data-testid=tag-chip][data-tag={other}]")), TimeSpan.FromSeconds(30));
        await page.InvokeAsync(() => page.Find($"[data-testid=tag-chip][data-tag={other}]").Click());
        page.WaitForAssertion(() => Assert.Equal(other, Query()["tag"].ToString()));
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=run-row]").Count));
        Assert.Contains(tagged[0], page.FindAll("[data-testid=run-row]").Select(r => r.GetAttribute("data-id")));
    }

    [Fact]
    public async Task The_search_box_finds_runs_by_part_of_the_name_and_goes_into_the_url()
    {
        var tag = Unique("search");
        await Tagged(tag, 2, trained: false, name: i => i == 0 ? $"needle {tag}" : $"hay {tag}");
        Navigation.NavigateTo($"/?tag={tag}");
        var page = Render<ExperimentsPage>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=run-row]").Count));

        InputOf(page, "search").Input("NEEDLE");
        page.WaitForAssertion(() => Assert.Equal([$"needle {tag}"], Names(page)));
        Assert.Equal("NEEDLE", Query()["search"].ToString());
        Assert.Equal(tag, Query()["tag"].ToString());
    }

    [Fact]
    public async Task Chosen_columns_are_in_the_url_and_a_link_restores_them()
    {
        var tag = Unique("columns");
        await Tagged(tag, 1, trained: false);
        Navigation.NavigateTo($"/?tag={tag}&columns=model,meanIou");
        var page = Render<ExperimentsPage>();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=run-row]")));
        Assert.Equal(["cell-model", "cell-meanIou"], page.FindAll("td[data-testid^=cell-]").Select(c => c.GetAttribute("data-testid")));

        await page.InvokeAsync(() => page.FindComponents<MudMenu>().Single().Instance.OpenMenuAsync(EventArgs.Empty, false));
        Popovers.WaitForElement("[data-testid=column-preset]").Change(true);
        page.WaitForAssertion(() => Assert.Equal("model,preset,meanIou", Query()["columns"].ToString()));
        page.WaitForAssertion(() => Assert.Equal(["cell-model", "cell-preset", "cell-meanIou"], page.FindAll("td[data-testid^=cell-]").Select(c => c.GetAttribute("data-testid"))));
    }

    [Fact]
    public async Task A_bad_value_in_the_link_is_named_and_the_rest_still_applies()
    {
        var tag = Unique("badlink");
        await Tagged(tag, 1, trained: false);
        Navigation.NavigateTo($"/?tag={tag}&sort=iou&columns=model,colour");
        var page = Render<ExperimentsPage>();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=run-row]")));
        var problems = page.Find("[data-testid=url-problems]").TextContent;
        Assert.Contains("sort must be one of", problems);
        Assert.Contains("\"colour\"", problems);
        Assert.Equal(["cell-model"], page.FindAll("td[data-testid^=cell-]").Select(c => c.GetAttribute("data-testid")));
    }

    [Fact]
    public async Task Compare_needs_two_selected_runs_and_links_to_them()
    {
        var tag = Unique("compare");
        var ids = await Tagged(tag, 2, trained: false);
        Navigation.NavigateTo($"/?tag={tag}&sort=name");
        var page = Render<ExperimentsPage>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=run-row]").Count));
        Assert.True(page.Find("[data-testid=compare]").HasAttribute("disabled"));

        foreach (var box in page.FindAll("input[data-testid=select]").ToArray()) box.Change(true);
        page.WaitForAssertion(() => Assert.Equal("Compare (2)", page.Find("[data-testid=compare]").TextContent.Trim()));
        Assert.Equal($"/compare?ids={ids[0]},{ids[1]}", page.Find("[data-testid=compare]").GetAttribute("href"));
        Assert.False(page.Find("[data-testid=compare]").HasAttribute("disabled"));
    }
}
