using System.Security.Claims;
using Bunit;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using UNet3D.Lab.Silo.Runs;
using UNet3D.Lab.Web.Access;
using UNet3D.Lab.Web.Compare;
using UNet3D.Lab.Web.Components.Pages;

namespace UNet3D.Lab.Web.Tests;

/// <summary>
/// The compare page for a comparison link's visitor (its claims as <see cref="LabAccessEndpoints"/> signs them): only
/// the runs the link holds, no way to add others; and for an editor in a lab that needs logins, the link's maker.
/// </summary>
public sealed class CompareShareVisitorTests : IClassFixture<CompareLabFixture>, IAsyncLifetime
{
    private readonly CompareLabFixture lab;
    private readonly BunitContext context = new();
    private readonly BunitAuthorizationContext authorization;

    public CompareShareVisitorTests(CompareLabFixture lab)
    {
        this.lab = lab;
        BunitContext.DefaultWaitTimeout = TimeSpan.FromSeconds(15);
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.Services.AddMudServices();
        context.Services.AddSingleton(lab.Experiments);
        context.Services.AddSingleton(lab.Ablations);
        context.Services.AddSingleton(lab.Lifetime);
        // As when bound beyond loopback.
        context.Services.AddSingleton(new LabAccessSettings { Required = true });
        context.Services.AddSingleton(lab.ShareLinks);
        authorization = context.AddAuthorization();
        context.Renderer.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        context.Render<MudPopoverProvider>();
    }

    private NavigationManager Navigation => context.Services.GetRequiredService<NavigationManager>();

    [Fact]
    public void A_visitor_sees_the_runs_of_the_link_and_not_another_named_in_the_url()
    {
        var (shared, other) = (lab.Runs["3d/1"], lab.Runs["2d/1"]);
        SignInVisitor($"ids={shared}", SharedObjects.Of(SharedObjects.Experiment, shared));

        var page = Open($"/compare?ids={shared},{other}");

        Assert.Equal([shared], page.FindAll("[data-testid=config-diff] tbody tr").Select(tr => tr.GetAttribute("data-run")));
        Assert.Contains($"ids: run \"{other}\" {CompareLoader.NotShared}", page.Find("[data-testid=compare-problems]").TextContent);
        Assert.Empty(page.FindComponents<MudAutocomplete<RunRow>>());
        Assert.Empty(page.FindAll("[data-testid=read-only-links]"));
    }

    [Fact]
    public void A_visitor_changes_smoothing_of_the_shared_runs()
    {
        var shared = string.Join(',', lab.Ids[..2]);
        SignInVisitor($"ids={shared}", [.. lab.Ids[..2].Select(id => SharedObjects.Of(SharedObjects.Experiment, id))]);
        var page = Open($"/compare?ids={shared}");

        var smoothing = page.Find("[data-testid=smoothing]");
        (smoothing.TagName == "INPUT" ? smoothing : smoothing.QuerySelector("input")!).Change("0.8");

        page.WaitForAssertion(() => Assert.Contains("smooth=0.8", Navigation.Uri));
        Assert.Equal(2, page.FindAll("[data-testid=config-diff] tbody tr").Count);
        Assert.Empty(page.FindAll("[data-testid=compare-problems]"));
    }

    [Fact]
    public async Task A_visitor_of_an_ablation_comparison_sees_only_the_runs_it_was_given()
    {
        var grid = (await lab.Ablations.Get(lab.GridId))!;
        var runs = grid.Cells.SelectMany(c => c.Runs).Select(r => r.ExperimentId!).ToArray();
        Assert.Equal(2, runs.Length);
        // As if the second run joined the ablation after the link was opened.
        SignInVisitor($"ablation={lab.GridId}", SharedObjects.Of(SharedObjects.Ablation, lab.GridId), SharedObjects.Of(SharedObjects.Experiment, runs[0]));

        var page = Open($"/compare?ablation={lab.GridId}");

        Assert.Equal([runs[0]], page.FindAll("[data-testid=config-diff] tbody tr").Select(tr => tr.GetAttribute("data-run")));
        Assert.Contains($"run \"{runs[1]}\" {CompareLoader.NotShared}", page.Find("[data-testid=compare-problems]").TextContent);
    }

    [Fact]
    public void A_visitor_of_another_ablation_reads_nothing_of_this_one()
    {
        SignInVisitor("ablation=abl-other", SharedObjects.Of(SharedObjects.Ablation, "abl-other"));

        var page = Open($"/compare?ablation={lab.GridId}");

        Assert.Empty(page.FindAll("[data-testid=config-diff] tbody tr"));
        Assert.Contains($"ablation \"{lab.GridId}\" {CompareLoader.NotShared}", page.Find("[data-testid=compare-problems]").TextContent);
    }

    [Fact]
    public void An_editor_makes_a_read_only_link_of_the_view_shown()
    {
        authorization.SetAuthorized(LabRoles.Editor + "-account");
        authorization.SetRoles(LabRoles.Editor);
        authorization.SetPolicies(LabPolicies.View, LabPolicies.Edit, LabPolicies.Page);
        var view = $"ids={lab.Runs["3d/1"]},{lab.Runs["2d/2"]}&smooth=0.3&groupBy=model";
        var page = Open($"/compare?{view}");
        Assert.Empty(lab.ShareLinks.List(SharedObjects.Comparison, view));

        page.Find("[data-testid=create-read-only-link]").Click();

        var link = Assert.Single(lab.ShareLinks.List(SharedObjects.Comparison, view));
        Assert.Equal($"/compare?{view}", SharedObjects.PagePath(link.Kind, link.ObjectId));
        Assert.Contains("this comparison", page.Find("[data-testid=read-only-links]").TextContent);
    }

    private void SignInVisitor(string view, params string[] objects)
    {
        authorization.SetAuthorized("share link");
        authorization.SetClaims([new Claim(LabClaims.ShareId, "link-" + Guid.NewGuid().ToString("N")[..8]),
            new Claim(LabClaims.SharedObject, SharedObjects.Of(SharedObjects.Comparison, view)), .. objects.Select(o => new Claim(LabClaims.SharedObject, o))]);
    }

    private IRenderedComponent<ComparePage> Open(string url)
    {
        Navigation.NavigateTo(url);
        var page = context.Render<ComparePage>();
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=compare-loading]")));
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=compare-problems], [data-testid=config-diff]")));
        return page;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await context.DisposeAsync();
}
