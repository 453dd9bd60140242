using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using UNet3D.Lab.Experiments.Runs;
using UNet3D.Lab.Silo.Grains;
using UNet3D.Lab.Silo.Runs;
using UNet3D.Lab.Silo.Series;
using UNet3D.Lab.Web.Access;
using UNet3D.Lab.Web.Compare;
using UNet3D.Lab.Web.Components.Pages;
using UNet3D.Lab.Web.Components.Pages.Compare;

namespace UNet3D.Lab.Web.Tests;

/// <summary>The compare page on a real lab with four known runs (<see cref="CompareLabFixture"/>): what it shows, what its controls change, what its link restores.</summary>
public sealed class ComparePageTests : IClassFixture<CompareLabFixture>, IAsyncLifetime
{
    private readonly CompareLabFixture lab;
    private BunitContext context;

    public ComparePageTests(CompareLabFixture lab)
    {
        this.lab = lab;
        BunitContext.DefaultWaitTimeout = TimeSpan.FromSeconds(15);
        context = NewContext();
    }

    /// <summary>MudBlazor, the lab's clients and an interactive renderer (the page reads the lab only once interactive).</summary>
    private BunitContext NewContext(IConfiguration? configuration = null)
    {
        var bunit = new BunitContext();
        bunit.JSInterop.Mode = JSRuntimeMode.Loose;
        bunit.Services.AddMudServices();
        bunit.Services.AddSingleton(lab.Experiments);
        bunit.Services.AddSingleton(lab.Ablations);
        // The experiment page names the classes of its run's datasets.
        bunit.Services.AddSingleton(lab.Datasets);
        bunit.Services.AddSingleton(lab.Lifetime);
        // A loopback lab: no read-only links under Copy link.
        bunit.Services.AddSingleton(new LabAccessSettings());
        bunit.Services.AddSingleton(lab.ShareLinks);
        if (configuration is not null) bunit.Services.AddSingleton(configuration);
        bunit.Renderer.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        bunit.Render<MudPopoverProvider>();
        return bunit;
    }

    private NavigationManager Navigation => context.Services.GetRequiredService<NavigationManager>();

    private string AllFour => string.Join(',', lab.Ids);

    [Fact]
    public void Opened_by_ids_it_shows_a_line_per_run_only_the_fields_that_differ_and_each_runs_metrics()
    {
        var page = Open($"/compare?ids={AllFour}");
        Assert.Equal(["model", "seed"], page.FindAll("[data-testid=config-diff] th[data-field]").Select(th => th.TextContent));
        Assert.Equal(["3d with BN · seed 1", "3d with BN · seed 2", "2d with BN · seed 1", "2d with BN · seed 2"], Lines(page).Select(l => l.Name));
        Assert.Equal(4, page.FindAll("[data-testid=group-table] tbody tr").Count);
        Assert.Equal(["0.800", "0.900", "0.600", "0.700"], page.FindAll("[data-testid=group-table] [data-testid=mean-iou]").Select(td => td.TextContent));
        Assert.Equal("Compare 4 runs", page.Find("#page-title").TextContent);
        Assert.EndsWith($"/compare?ids={AllFour}", InputOf(page, "share-link").GetAttribute("value"));
        Assert.Equal($"/api/compare/runs.csv?ids={AllFour}", page.Find("[data-testid=export-runs]").GetAttribute("href"));

        InputOf(page, "show-all-fields").Change(true);
        Assert.Contains("preset", page.FindAll("[data-testid=config-diff] th[data-field]").Select(th => th.TextContent));
    }

    [Fact]
    public async Task Smoothing_and_grouping_recompute_the_view_and_put_it_in_the_url()
    {
        var page = Open($"/compare?ids={AllFour}");
        InputOf(page, "smoothing").Change("0.8");
        page.WaitForAssertion(() => Assert.Contains("smooth=0.8", Navigation.Uri));
        Assert.Equal("0.8", page.Find("[data-testid=compare-chart]").GetAttribute("data-smooth"));
        var raw = Enumerable.Range(1, 100).Select(s => 1.0 / s).ToArray();
        Assert.Equal(CurveSmoothing.Ema(raw, 0.8), Lines(page)[0].Y);

        var groupBy = page.FindComponents<MudSelect<string>>().Single(s => s.Markup.Contains("data-testid=\"group-by\"", StringComparison.Ordinal));
        await page.InvokeAsync(() => groupBy.Instance.SelectOption("model"));
        page.WaitForAssertion(() => Assert.Contains("groupBy=model", Navigation.Uri));
        Assert.Equal(["model=3d (n=2)", "model=2d (n=2)"], Lines(page).Select(l => l.Name));
        Assert.Equal(["3d", "2d"], page.FindAll("[data-testid=group-table] tbody tr").Select(tr => tr.GetAttribute("data-group")));
        Assert.Equal(["0.850 ± 0.071", "0.650 ± 0.071"], page.FindAll("[data-testid=group-table] [data-testid=mean-iou]").Select(td => td.TextContent));
        // Both groups, so the paired difference 3d − 2d: each of 3 samples × 2 seeds is 0.2 higher.
        var result = page.Find("[data-testid=pair-result]");
        Assert.Equal(("0.200", "6"), (result.GetAttribute("data-mean"), result.GetAttribute("data-n")));
        Assert.Equal("2", page.Find("[data-testid=sample-bars]").GetAttribute("data-groups"));
    }

    [Fact]
    public void The_link_restores_every_control()
    {
        var page = Open($"/compare?ids={AllFour}&series=loss,validationIou&smooth=0.6&x=time&logY=true&groupBy=model&hidden={lab.Runs["2d/2"]}&pair=2d&pair=3d");
        Assert.Equal("0.6", InputOf(page, "smoothing").GetAttribute("value"));
        var charts = page.FindComponents<CompareCurveChart>().Select(c => c.Instance.Model).ToArray();
        Assert.Equal(["loss", "validationIou"], charts.Select(c => c.Series));
        Assert.All(charts, c => Assert.Equal((CompareAxis.Time, true, 0.6), (c.X, c.LogY, c.Smooth)));
        Assert.Equal(["model=3d (n=2)", "model=2d (n=1)"], charts[0].Lines.Select(l => l.Name));
        // Time: run 2d seed 1 trained 30 s, step s at 0.3 s.
        Assert.Equal(30, charts[0].Lines[1].X[^1], 9);
        Assert.Equal("-0.200", page.Find("[data-testid=pair-result]").GetAttribute("data-mean"));
        Assert.Equal([true, true, true, false], page.FindAll("input[data-testid=run-shown]").Select(i => ((AngleSharp.Html.Dom.IHtmlInputElement)i).IsChecked));
        Assert.Contains("lab-hidden-run", page.Find($"tr[data-run={lab.Runs["2d/2"]}]").ClassName);
    }

    [Fact]
    public void Hiding_a_run_leaves_it_in_the_table_and_out_of_the_chart()
    {
        var page = Open($"/compare?ids={AllFour}");
        page.FindAll("input[data-testid=run-shown]")[1].Change(false);
        page.WaitForAssertion(() => Assert.Contains($"hidden={lab.Runs["3d/2"]}", Navigation.Uri));
        Assert.Equal(3, Lines(page).Count);
        Assert.Equal(4, page.FindAll("[data-testid=config-diff] tbody tr").Count);
        Assert.Equal(3, page.FindAll("[data-testid=group-table] tbody tr").Count);
    }

    [Fact]
    public void Bad_values_and_missing_runs_are_named_and_the_rest_is_shown()
    {
        var page = Open($"/compare?ids={lab.Runs["3d/1"]},exp-missing&smooth=2");
        var problems = page.Find("[data-testid=compare-problems]").TextContent;
        Assert.Contains("smooth: must be a number from 0 to 0.99, not \"2\"", problems);
        Assert.Contains("ids: no experiment with id \"exp-missing\"", problems);
        Assert.Single(Lines(page));
    }

    [Fact]
    public void An_ablation_opens_its_runs_and_without_runs_the_page_says_how_to_choose_them()
    {
        var page = Open($"/compare?ablation={lab.GridId}");
        Assert.Equal(2, page.FindAll("[data-testid=config-diff] tbody tr").Count);
        Assert.Contains("compare grid", page.Find("[data-testid=compare-ablation]").TextContent);
        Assert.Equal(["model"], page.FindAll("[data-testid=config-diff] th[data-field]").Select(th => th.TextContent));
        Assert.Contains("None of the shown runs has finished", page.Find("[data-testid=no-samples]").TextContent);

        var empty = Open("/compare");
        Assert.Contains("No runs to compare yet", empty.Find("[data-testid=no-runs]").TextContent);
    }

    [Fact]
    public async Task The_experiment_page_links_to_compare_with_it_and_to_its_ablation()
    {
        var grid = (await lab.Ablations.Get(lab.GridId))!;
        var run = grid.Cells[0].Runs[0].ExperimentId!;
        var page = context.Render<ExperimentPage>(p => p.Add(x => x.Id, run));
        page.WaitForAssertion(() => Assert.Equal($"/compare?ids={run}", page.Find("[data-testid=compare-with-link]").GetAttribute("href")));
        Assert.Equal($"/compare?ablation={lab.GridId}", page.Find("[data-testid=compare-ablation-link]").GetAttribute("href"));
        Assert.Contains(lab.GridId, page.Find("[data-testid=belongs-to]").TextContent);
    }

    [Fact]
    public async Task With_a_public_url_the_link_to_share_is_under_it()
    {
        await context.DisposeAsync();
        context = NewContext(new ConfigurationBuilder().AddInMemoryCollection([new("Lab:PublicUrl", "https://lab.example.org/")]).Build());
        var page = Open($"/compare?ids={lab.Runs["3d/1"]}");
        Assert.Equal($"https://lab.example.org/compare?ids={lab.Runs["3d/1"]}", InputOf(page, "share-link").GetAttribute("value"));
    }

    [Fact]
    public async Task A_run_that_trains_draws_its_points_as_they_come_and_its_metrics_when_it_ends()
    {
        var training = await lab.Experiments.Create(new ExperimentSpec { Model = ModelKind.ThreeD, Seed = 7, Preset = "smoke", Iterations = 40 });
        var grain = lab.Grains.GetGrain<IExperimentGrain>(training.Id);
        await grain.ReportStarted(1, "test", "cpu", 0);
        await grain.ReportProgress(1, [new SeriesBatch(MetricSeries.Loss, [.. Enumerable.Range(1, 10).Select(s => new SeriesPoint(s, 1.0 / s, s))])]);
        var page = Open($"/compare?ids={lab.Runs["3d/1"]},{training.Id}");
        Assert.Equal(10, Lines(page)[1].X.Length);

        // As a worker reports: each push adds to the line, without reading the page again.
        await grain.ReportProgress(1, [new SeriesBatch(MetricSeries.Loss, [.. Enumerable.Range(11, 30).Select(s => new SeriesPoint(s, 1.0 / s, s))])]);
        page.WaitForAssertion(() => Assert.Equal(40, Lines(page)[1].X.Length), TimeSpan.FromSeconds(20));
        Assert.Equal(Enumerable.Range(1, 40).Select(s => (double)s), Lines(page)[1].X);
        Assert.Equal("–", page.Find($"[data-testid=group-table] tr[data-group='{training.Id}'] [data-testid=mean-iou]").TextContent.Trim());

        SampleResult Sample(string name, double iou) => new(name, iou, [iou, iou, 0.99], [0.9, 0.9, 0.99], 1000, 0.1);
        await grain.ReportCompleted(1, new ExperimentResult([Sample("S1", 0.5), Sample("S2", 0.4), Sample("S3", 0.3)], 0.4, [1], [1, 1, 1], 4, 0, 40, 0.025, 4, 0.5, "cpu"));
        page.WaitForAssertion(() => Assert.Equal("0.400", page.Find($"[data-testid=group-table] tr[data-group='{training.Id}'] [data-testid=mean-iou]").TextContent.Trim()),
            TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task The_run_picker_finds_runs_not_in_the_view_by_id_and_adds_the_one_chosen()
    {
        var page = Open($"/compare?ids={lab.Runs["3d/1"]}");
        var picker = page.FindComponent<MudAutocomplete<RunRow>>();

        var search = picker.Instance.SearchFunc ?? throw new InvalidOperationException("The picker searches nothing");

        var offered = (await search(lab.Runs["2d/2"], CancellationToken.None)! ?? []).ToArray();
        Assert.Equal([lab.Runs["2d/2"]], offered.Select(r => r.Id));
        Assert.Empty(await search(lab.Runs["3d/1"], CancellationToken.None)! ?? []);

        await page.InvokeAsync(() => picker.Instance.ValueChanged.InvokeAsync(offered[0]));
        page.WaitForAssertion(() => Assert.EndsWith($"/compare?ids={lab.Runs["3d/1"]},{lab.Runs["2d/2"]}", Navigation.Uri));
        Assert.Equal(2, Lines(page).Count);
    }

    private IRenderedComponent<ComparePage> Open(string url)
    {
        Navigation.NavigateTo(url);
        var page = context.Render<ComparePage>();
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=compare-loading]")));
        page.WaitForAssertion(() => Assert.True(page.FindAll("[data-testid=compare-chart]").Count > 0 || page.FindAll("[data-testid=no-runs]").Count > 0));
        return page;
    }

    private static IReadOnlyList<CurveLine> Lines(IRenderedComponent<ComparePage> page) =>
        page.FindComponents<CompareCurveChart>().First().Instance.Model.Lines;

    private static IElement InputOf(IRenderedComponent<ComparePage> page, string testId)
    {
        var tagged = page.Find($"[data-testid={testId}]");
        return tagged.TagName == "INPUT" ? tagged : tagged.QuerySelector("input") ?? throw new InvalidOperationException($"No input in [data-testid={testId}]");
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await context.DisposeAsync();
}
