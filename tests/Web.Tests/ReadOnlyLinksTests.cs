using Bunit;
using UNet3D.Lab.Web.Access;
using UNet3D.Lab.Web.Components;

namespace UNet3D.Lab.Web.Tests;

/// <summary>The "read-only link for someone without an account" option of the share field, in a lab that needs logins.</summary>
public sealed class ReadOnlyLinksTests(LabFixture lab) : LabComponentTest(lab)
{
    private const string Page = "http://lab.test/experiments/exp-readonly";

    [Fact]
    public void Viewer_gets_no_read_only_link_option()
    {
        Authorization.SetRoles(LabRoles.Viewer);
        Authorization.SetPolicies(LabPolicies.View, LabPolicies.Page);

        var field = Render<ShareLink>(p => p.Add(s => s.Url, Page).Add(s => s.SharedKind, SharedObjects.Experiment).Add(s => s.SharedId, "exp-readonly"));

        Assert.Single(field.FindAll("[data-testid=share-link]"));
        Assert.Empty(field.FindAll("[data-testid=read-only-links]"));
    }

    [Fact]
    public void Editor_makes_a_read_only_link_that_is_listed_and_revoked_here()
    {
        var id = "exp-" + Guid.NewGuid().ToString("N")[..10];
        var links = Render<ReadOnlyLinks>(p => p.Add(l => l.Kind, SharedObjects.Experiment).Add(l => l.ObjectId, id));
        Assert.Empty(links.FindAll("[data-testid=read-only-link-list]"));

        links.Find("[data-testid=create-read-only-link]").Click();

        var made = Assert.Single(Lab.ShareLinks.List(SharedObjects.Experiment, id));
        Assert.Equal(LoopbackAuthenticationHandler.ResearcherName, made.CreatedBy);
        Assert.NotNull(made.Expires);
        var field = links.Find("[data-testid=read-only-link-list] [data-testid=share-link]");
        var shown = (field.TagName == "INPUT" ? field : field.QuerySelector("input")!).GetAttribute("value")!;
        Assert.Contains(ShareLinkStore.PathPrefix, shown, StringComparison.Ordinal);
        Assert.Equal(made.Id, Lab.ShareLinks.Open(Uri.UnescapeDataString(shown[(shown.IndexOf(ShareLinkStore.PathPrefix, StringComparison.Ordinal) + ShareLinkStore.PathPrefix.Length)..]))?.Id);

        links.Find("[data-testid=revoke-read-only-link]").Click();

        Assert.Empty(Lab.ShareLinks.List(SharedObjects.Experiment, id));
        Assert.Empty(links.FindAll("[data-testid=read-only-link-list]"));
    }

    // As when bound beyond loopback.
    protected override LabAccessSettings AccessSettings { get; } = new() { Required = true };
}
