using Bunit;
using UNet3D.Lab.Web.Components.Pages;

namespace UNet3D.Lab.Web.Tests;

public sealed class AblationPagesTests(LabFixture lab) : LabComponentTest(lab)
{
    [Fact]
    public async Task New_ablation_counts_the_runs_of_the_ticked_values_and_starts_the_grid()
    {
        var navigation = Navigation;
        var form = Render<NewAblationPage>();
        form.WaitForAssertion(() => Assert.Equal("1", form.Find("[data-testid=runs-count]").TextContent));

        InputOf(form, "iterations").Change("2");
        foreach (var box in new[] { "axis-model-3d", "axis-model-2d", "axis-batchNorm-on", "axis-batchNorm-off" })
            InputOf(form, box).Change(true);
        InputOf(form, "seeds").Change("2");
        form.WaitForAssertion(() => Assert.Equal("8", form.Find("[data-testid=runs-count]").TextContent));
        Assert.Contains("4 groups", form.Find("[data-testid=plan]").TextContent);
        Assert.Contains("smoke 3d", form.Find("[data-testid=estimate-basis]").TextContent);

        await form.InvokeAsync(() => form.Find("[data-testid=start]").Click());
        form.WaitForAssertion(() => Assert.Matches("/ablations/abl-[a-z0-9]+$", navigation.Uri));
        var id = navigation.Uri[(navigation.Uri.LastIndexOf('/') + 1)..];
        var started = await Lab.Ablations.Get(id);
        Assert.Equal((8, 4), (started!.RunCount, started.Cells.Length));
    }

    [Fact]
    public void A_value_the_lab_refuses_is_named_at_its_axis_and_nothing_starts()
    {
        var form = Render<NewAblationPage>();
        InputOf(form, "axis-learningRate-values").Change("0.01, -1");
        form.WaitForAssertion(() => Assert.Contains("value -1: must be positive", form.Find("[data-testid=axis-learningRate]").TextContent));
        Assert.True(form.Find("[data-testid=start]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task Ablation_page_shows_a_group_per_combination_with_n_and_its_runs()
    {
        var (grid, problems) = await Lab.Ablations.StartGrid(new Silo.Models.GridRequest
        {
            Name = "page grid",
            Base = System.Text.Json.Nodes.JsonNode.Parse("""{"model":"3d","iterations":2}""")!.AsObject(),
            Axes = new() { ["batchNorm"] = System.Text.Json.Nodes.JsonNode.Parse("[true,false]")!.AsArray() },
            Seeds = 2,
        });
        Assert.Empty(problems);
        var page = Render<AblationPage>(p => p.Add(x => x.Id, grid!.Id));
        page.WaitForAssertion(() => Assert.Equal("page grid", page.Find("#page-title").TextContent));
        page.WaitForAssertion(() => Assert.Equal("completed", page.Find("[data-testid=ablation-status]").TextContent.Trim()), TimeSpan.FromMinutes(3));
        var groups = page.FindAll("[data-testid=group]");
        Assert.Equal(["batchNorm=true", "batchNorm=false"], groups.Select(g => g.TextContent.Trim()));
        Assert.All(groups, g => Assert.Equal("2", g.GetAttribute("data-n")));
        Assert.Equal(4, page.FindAll("[data-testid=run-link]").Count);
        // One column per class, each named for its own class.
        var headers = page.FindAll("th").Select(h => h.TextContent.Trim()).ToArray();
        Assert.Equal(["inside tubule", "tubule", "background"], headers.Where(h => h is "inside tubule" or "tubule" or "background" or "unlabeled"));
        Assert.EndsWith($"/ablations/{grid!.Id}", InputOf(page, "share-link").GetAttribute("value"));
    }

    [Fact]
    public async Task New_ablation_too_long_for_the_lab_shows_the_estimate_and_starts_only_when_told_to()
    {
        // A 36 ms limit: 20 steps of the smoke network are over it.
        LimitRunsTo(0.00001);
        var navigation = Navigation;
        var form = Render<NewAblationPage>();
        form.WaitForAssertion(() => Assert.Equal("1", form.Find("[data-testid=runs-count]").TextContent));
        InputOf(form, "iterations").Change("20");
        await form.InvokeAsync(() => form.Find("[data-testid=start]").Click());

        AssertRefusedForLength(form);
        Assert.DoesNotContain("/ablations/abl-", navigation.Uri);

        await form.InvokeAsync(() => form.Find("[data-testid=start-anyway]").Click());
        form.WaitForAssertion(() => Assert.Matches("/ablations/abl-[a-z0-9]+$", navigation.Uri));
        var started = await Lab.Ablations.Get(navigation.Uri[(navigation.Uri.LastIndexOf('/') + 1)..]);
        Assert.Equal(20, started!.Cells[0].Config.Iterations);
    }
}
