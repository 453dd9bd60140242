using System.Net;
using UNet3D.Lab.Web.Access;

namespace UNet3D.Lab.Web.Tests;

/// <summary>A read-only link opens its own experiment and nothing else, and stops working when revoked.</summary>
public sealed class ShareLinkAccessTests(AccessLabFixture fixture) : IClassFixture<AccessLabFixture>
{
    [Fact]
    public async Task Share_link_opens_its_experiment_and_no_list_no_other_run_no_write()
    {
        var (shared, other) = (await fixture.NewExperiment(), await fixture.NewExperiment());
        var (_, token) = fixture.ShareLinks.Create(SharedObjects.Experiment, shared, LabRoles.Editor + "-account", lifetime: null);
        using var visitor = fixture.Visitor();

        var landing = await visitor.GetAsync(ShareLinkStore.PathPrefix + Uri.EscapeDataString(token));
        Assert.Equal(HttpStatusCode.Redirect, landing.StatusCode);
        Assert.Equal($"/experiments/{shared}", landing.Headers.Location!.OriginalString);

        Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync($"/experiments/{shared}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync($"/api/experiments/{shared}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync($"/api/experiments/{shared}/series")).StatusCode);

        Assert.Equal(HttpStatusCode.Forbidden, (await visitor.GetAsync($"/experiments/{other}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await visitor.GetAsync($"/api/experiments/{other}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await visitor.GetAsync("/api/experiments")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await visitor.GetAsync("/experiments")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await visitor.GetAsync("/api/datasets")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await visitor.PostAsync($"/api/experiments/{shared}/cancel", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await visitor.PatchAsync($"/api/experiments/{shared}", AccessLabFixture.Json("""{"name":"mine"}"""))).StatusCode);
    }

    [Fact]
    public async Task Revoked_share_link_is_refused_also_to_whoever_opened_it()
    {
        var shared = await fixture.NewExperiment();
        var (link, token) = fixture.ShareLinks.Create(SharedObjects.Experiment, shared, LabRoles.Editor + "-account", lifetime: null);
        using var visitor = fixture.Visitor();
        await visitor.GetAsync(ShareLinkStore.PathPrefix + Uri.EscapeDataString(token));
        Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync($"/api/experiments/{shared}")).StatusCode);

        Assert.True(fixture.ShareLinks.Revoke(link.Id));

        Assert.Equal(HttpStatusCode.Unauthorized, (await visitor.GetAsync($"/api/experiments/{shared}")).StatusCode);
        using var newcomer = fixture.Visitor();
        Assert.Equal(HttpStatusCode.NotFound, (await newcomer.GetAsync(ShareLinkStore.PathPrefix + Uri.EscapeDataString(token))).StatusCode);
    }

    [Fact]
    public async Task Expired_or_forged_share_link_is_refused()
    {
        var shared = await fixture.NewExperiment();
        var (_, expired) = fixture.ShareLinks.Create(SharedObjects.Experiment, shared, LabRoles.Editor + "-account", TimeSpan.FromTicks(-1));
        using var visitor = fixture.Visitor();

        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync(ShareLinkStore.PathPrefix + Uri.EscapeDataString(expired))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync(ShareLinkStore.PathPrefix + "CfDJ8-made-up")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await visitor.GetAsync($"/api/experiments/{shared}")).StatusCode);
    }
}
