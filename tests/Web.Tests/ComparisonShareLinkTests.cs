using System.Net;
using UNet3D.Lab.Web.Access;

namespace UNet3D.Lab.Web.Tests;

/// <summary>A comparison's read-only link opens its view and the CSV of its runs, and no other run, no list, no write.</summary>
public sealed class ComparisonShareLinkTests(AccessLabFixture fixture) : IClassFixture<AccessLabFixture>
{
    [Fact]
    public async Task Comparison_link_opens_its_view_and_exports_and_no_other_run_no_list_no_write()
    {
        var (first, second, other) = (await fixture.NewExperiment(), await fixture.NewExperiment(), await fixture.NewExperiment());
        var view = $"ids={first},{second}&smooth=0.5";
        var (_, token) = fixture.ShareLinks.Create(SharedObjects.Comparison, view, LabRoles.Editor + "-account", lifetime: null);
        using var visitor = fixture.Visitor();

        var landing = await visitor.GetAsync(ShareLinkStore.PathPrefix + Uri.EscapeDataString(token));
        Assert.Equal(HttpStatusCode.Redirect, landing.StatusCode);
        Assert.Equal($"/compare?{view}", landing.Headers.Location!.OriginalString);

        Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync($"/compare?{view}")).StatusCode);
        var csv = await visitor.GetAsync($"/api/compare/runs.csv?{view}");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        var rows = (await csv.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, rows.Length);
        Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync($"/api/compare/series.csv?ids={second}&groupBy=model")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync($"/api/experiments/{first}")).StatusCode);

        Assert.Equal(HttpStatusCode.Forbidden, (await visitor.GetAsync($"/api/compare/runs.csv?ids={first},{other}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await visitor.GetAsync($"/api/compare/series.csv?ids={other}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await visitor.GetAsync($"/api/experiments/{other}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await visitor.GetAsync($"/experiments/{other}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await visitor.GetAsync("/api/experiments")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await visitor.GetAsync("/experiments")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await visitor.PostAsync($"/api/experiments/{first}/cancel", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await visitor.PatchAsync($"/api/experiments/{first}", AccessLabFixture.Json("""{"name":"mine"}"""))).StatusCode);
    }

    [Fact]
    public async Task An_experiment_link_does_not_open_the_compare_page_or_its_exports()
    {
        var shared = await fixture.NewExperiment();
        var (_, token) = fixture.ShareLinks.Create(SharedObjects.Experiment, shared, LabRoles.Editor + "-account", lifetime: null);
        using var visitor = fixture.Visitor();
        await visitor.GetAsync(ShareLinkStore.PathPrefix + Uri.EscapeDataString(token));

        Assert.Equal(HttpStatusCode.Forbidden, (await visitor.GetAsync($"/compare?ids={shared}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await visitor.GetAsync($"/api/compare/runs.csv?ids={shared}")).StatusCode);
    }

    [Fact]
    public async Task Revoked_comparison_link_is_refused_also_to_whoever_opened_it()
    {
        var shared = await fixture.NewExperiment();
        var (link, token) = fixture.ShareLinks.Create(SharedObjects.Comparison, $"ids={shared}", LabRoles.Editor + "-account", lifetime: null);
        using var visitor = fixture.Visitor();
        await visitor.GetAsync(ShareLinkStore.PathPrefix + Uri.EscapeDataString(token));
        Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync($"/api/compare/runs.csv?ids={shared}")).StatusCode);

        Assert.True(fixture.ShareLinks.Revoke(link.Id));

        Assert.Equal(HttpStatusCode.Unauthorized, (await visitor.GetAsync($"/api/compare/runs.csv?ids={shared}")).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await visitor.GetAsync($"/compare?ids={shared}")).StatusCode);
        using var newcomer = fixture.Visitor();
        Assert.Equal(HttpStatusCode.NotFound, (await newcomer.GetAsync(ShareLinkStore.PathPrefix + Uri.EscapeDataString(token))).StatusCode);
    }

    [Theory]
    [InlineData("", "names no runs")]
    [InlineData("ids=exp-a&smooth=7", "smooth: must be a number")]
    [InlineData("smooth=0.5&ids=exp-a", "not written as the compare page writes it")]
    public void A_comparison_link_must_name_its_runs_as_the_page_writes_its_view(string view, string problem)
    {
        var refused = Assert.Throws<ArgumentException>(() => fixture.ShareLinks.Create(SharedObjects.Comparison, view, LabRoles.Editor + "-account", lifetime: null));
        Assert.Contains(problem, refused.Message, StringComparison.Ordinal);
    }
}
