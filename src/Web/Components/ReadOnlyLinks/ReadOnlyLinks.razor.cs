using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using UNet3D.Lab.Web.Access;

namespace UNet3D.Lab.Web.Components;

/// <summary>The read-only links of one experiment, ablation or table: made, listed and revoked here.</summary>
public partial class ReadOnlyLinks
{
    private List<ShareLinkRecord> links = [];
    private int lifetimeDays = 7;

    /// <summary>experiment, ablation or table (<see cref="SharedObjects"/>).</summary>
    [Parameter, EditorRequired]
    public required string Kind { get; set; }

    [Parameter, EditorRequired]
    public required string ObjectId { get; set; }

    [CascadingParameter]
    public Task<AuthenticationState>? Authentication { get; set; }

    [Inject]
    public required LabAccessSettings Settings { get; set; }

    [Inject]
    public required ShareLinkStore Store { get; set; }

    [Inject]
    public required NavigationManager Navigation { get; set; }

    // Optional, as for LabPage: a component test's container has no configuration.
    [Inject]
    public required IServiceProvider Services { get; set; }

    protected override void OnParametersSet()
    {
        if (Settings.IsOn) links = [.. Store.List(Kind, ObjectId)];
    }

    private string UrlOf(ShareLinkRecord link) => LabLinks.To(Services.GetService<IConfiguration>(), Navigation, Store.PathOf(link.Id));

    private async Task Create()
    {
        // The server checks again: the button shows only to editors, but a circuit's events are not to be trusted.
        var user = Authentication is null ? null : (await Authentication).User;
        if (user is null || !LabClaims.Can(user, LabRoles.Editor)) return;
        Store.Create(Kind, ObjectId, user.Identity?.Name ?? "", lifetimeDays == 0 ? null : TimeSpan.FromDays(lifetimeDays));
        links = [.. Store.List(Kind, ObjectId)];
    }

    private async Task Revoke(ShareLinkRecord link)
    {
        var user = Authentication is null ? null : (await Authentication).User;
        if (user is null || !LabClaims.Can(user, LabRoles.Editor)) return;
        Store.Revoke(link.Id);
        links = [.. Store.List(Kind, ObjectId)];
    }
}
