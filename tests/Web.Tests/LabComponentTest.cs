using AngleSharp.Dom;
using Bunit;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using UNet3D.Lab.Web.Access;
using UNet3D.Lab.Web.Services;

namespace UNet3D.Lab.Web.Tests;

/// <summary>A bUnit context with MudBlazor and the real lab's client registered.</summary>
public abstract class LabComponentTest : IClassFixture<LabFixture>, IAsyncLifetime
{
    // bUnit waits 1 s by default; a busy 2-core machine running four test assemblies at once needs longer to render.
    static LabComponentTest() => BunitContext.DefaultWaitTimeout = TimeSpan.FromSeconds(15);

    protected LabComponentTest(LabFixture lab)
    {
        Lab = lab;
        Context.JSInterop.Mode = JSRuntimeMode.Loose;
        Context.Services.AddMudServices();
        Context.Services.AddSingleton(lab.Experiments);
        Context.Services.AddSingleton(lab.Datasets);
        Context.Services.AddSingleton(lab.Outputs);
        Context.Services.AddSingleton(lab.Ablations);
        Context.Services.AddSingleton(lab.Lifetime);
        Context.Services.AddSingleton(AccessSettings ?? lab.Access);
        Context.Services.AddSingleton(lab.ShareLinks);
        // As on a loopback lab: the researcher is its admin.
        Authorization = Context.AddAuthorization();
        Authorization.SetAuthorized(LoopbackAuthenticationHandler.ResearcherName);
        Authorization.SetRoles(LabRoles.Admin);
        Authorization.SetPolicies(LabPolicies.View, LabPolicies.Edit, LabPolicies.Admin, LabPolicies.Page);
        // The lab's limit (Lab:MaxRunHours, 72) until a test sets its own.
        Context.Services.AddSingleton(new RunLengthLimit(lab.Grains, Microsoft.Extensions.Options.Options.Create(limits)));
        // The lab's pages run on interactive Server circuits (after a prerender, which the browser tests see).
        Context.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        // MudBlazor's popovers (selects, menus) need their provider in the render tree; what they show renders there.
        Popovers = Context.Render<MudPopoverProvider>();
    }

    private readonly Silo.LabOptions limits = new();

    /// <summary>Where open menus and selects show their content.</summary>
    protected IRenderedComponent<MudPopoverProvider> Popovers { get; }

    protected BunitContext Context { get; } = new();

    /// <summary>Whether logins are needed; the fixture's lab's (loopback: no) unless a test class says otherwise.</summary>
    protected virtual LabAccessSettings? AccessSettings => null;

    /// <summary>Who the rendered components see; an admin unless a test says otherwise.</summary>
    protected BunitAuthorizationContext Authorization { get; }

    protected LabFixture Lab { get; }

    protected NavigationManager Navigation => Context.Services.GetRequiredService<NavigationManager>();

    protected IRenderedComponent<T> Render<T>(Action<ComponentParameterCollectionBuilder<T>>? parameters = null) where T : IComponent =>
        parameters is null ? Context.Render<T>() : Context.Render(parameters);

    /// <summary>
    /// The pages rendered after this refuse what would train longer than <paramref name="hours"/> (Lab:MaxRunHours),
    /// so that a few steps of the smoke preset are "too long".
    /// </summary>
    protected void LimitRunsTo(double hours) => limits.MaxRunHours = hours;

    /// <summary>Asserts the form shows its refusal for length with the estimate and a "start anyway".</summary>
    protected static void AssertRefusedForLength(IRenderedComponent<IComponent> form) => form.WaitForAssertion(() =>
    {
        Assert.StartsWith("Not started: training would take about ", form.Find("[data-testid=too-long-reason]").TextContent);
        Assert.Contains("longer than Lab:MaxRunHours", form.Find("[data-testid=too-long-reason]").TextContent);
        Assert.NotNull(form.Find("[data-testid=start-anyway]"));
    });

    /// <summary>The input of a MudBlazor field tagged with data-testid, wherever MudBlazor put the attribute.</summary>
    protected static IElement InputOf(IRenderedComponent<IComponent> component, string testId)
    {
        var tagged = component.Find($"[data-testid={testId}]");
        return tagged.TagName == "INPUT" ? tagged : tagged.QuerySelector("input") ?? throw new InvalidOperationException($"No input in [data-testid={testId}]");
    }

    public Task InitializeAsync() => Task.CompletedTask;

    // MudBlazor's services are only asynchronously disposable.
    public async Task DisposeAsync() => await Context.DisposeAsync();
}
