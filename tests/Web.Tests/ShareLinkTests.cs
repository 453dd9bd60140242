using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.JSInterop;
using MudBlazor;
using MudBlazor.Services;
using UNet3D.Lab.Web.Components;

namespace UNet3D.Lab.Web.Tests;

/// <summary>"Copy link" says what happened, and no refusal from the browser escapes as an exception.</summary>
public sealed class ShareLinkTests : IAsyncLifetime
{
    private const string Url = "http://lab.test:5080/experiments/exp-share";
    private readonly BunitContext context = new();

    public ShareLinkTests()
    {
        // MudBlazor's own calls (focus, popovers) answer with defaults; the copy call is planned per test.
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.Services.AddMudServices();
    }

    private IEnumerable<string?> Messages => context.Services.GetRequiredService<ISnackbar>().ShownSnackbars.Select(s => s.Message);

    [Fact]
    public void A_copied_link_says_so_and_the_helper_got_the_field_and_the_link()
    {
        context.JSInterop.Setup<bool>(ShareLink.CopyFunction, _ => true).SetResult(true);

        ClickCopy();

        Assert.Equal([ShareLink.CopiedMessage], Messages);
        var call = context.JSInterop.VerifyInvoke(ShareLink.CopyFunction);
        Assert.IsType<Microsoft.AspNetCore.Components.ElementReference>(call.Arguments[0]);
        Assert.Equal(Url, call.Arguments[1]);
    }

    [Fact]
    public void A_browser_that_refuses_gets_the_fallback_message()
    {
        context.JSInterop.Setup<bool>(ShareLink.CopyFunction, _ => true).SetResult(false);
        ClickCopy();
        Assert.Equal([ShareLink.FallbackMessage], Messages);
    }

    [Fact]
    public void A_failing_script_gets_the_fallback_message_instead_of_an_exception()
    {
        context.JSInterop.Setup<bool>(ShareLink.CopyFunction, _ => true).SetException(new JSException("labShareLink is not defined"));
        ClickCopy();
        Assert.Equal([ShareLink.FallbackMessage], Messages);
    }

    [Fact]
    public void A_call_that_times_out_gets_the_fallback_message_instead_of_an_exception()
    {
        context.JSInterop.Setup<bool>(ShareLink.CopyFunction, _ => true).SetCanceled();
        ClickCopy();
        Assert.Equal([ShareLink.FallbackMessage], Messages);
    }

    [Fact]
    public void The_link_is_in_a_read_only_field()
    {
        var link = context.Render<ShareLink>(p => p.Add(x => x.Url, Url));
        var input = link.Find("[data-testid=share-link] input, input[data-testid=share-link]");
        Assert.Equal(Url, input.GetAttribute("value"));
        Assert.True(input.HasAttribute("readonly"));
    }

    private void ClickCopy()
    {
        var link = context.Render<ShareLink>(p => p.Add(x => x.Url, Url));
        link.Find("button[aria-label='Copy link']").Click();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    // MudBlazor's services are only asynchronously disposable.
    public async Task DisposeAsync() => await context.DisposeAsync();
}
