using Microsoft.AspNetCore.Components;

namespace UNet3D.Lab.Web.Components.Pages;

/// <summary>
/// Every ablation, grids and the paper's tables, newest first, with live progress: each unfinished ablation's grain
/// pushes its changes; ablations started elsewhere appear at the next look at the list of ids.
/// </summary>
public partial class AblationsPage : LabPage
{
    private IReadOnlyList<AblationSnapshot>? ablations;

    [Inject]
    public required AblationClient Ablations { get; set; }

    /// <summary>How often the page looks for ablations started elsewhere (their progress is pushed).</summary>
    protected override TimeSpan RefreshInterval => TimeSpan.FromSeconds(10);

    protected override async Task OnInitializedAsync() => ablations = await Ablations.List();

    protected override async Task FollowAsync()
    {
        foreach (var ablation in ablations ?? []) await FollowIfRunning(ablation);
    }

    protected override async Task<bool> RefreshAsync()
    {
        var ids = await Ablations.Ids();
        var known = (ablations ?? []).Select(a => a.Id).ToHashSet(StringComparer.Ordinal);
        var added = await Ablations.Load(ids.Where(id => !known.Contains(id)));
        if (added.Count == 0) return true;
        await InvokeAsync(async () =>
        {
            ablations = [.. added, .. ablations ?? []];
            foreach (var ablation in added) await FollowIfRunning(ablation);
            StateHasChanged();
        });
        return true;
    }

    private async Task FollowIfRunning(AblationSnapshot ablation)
    {
        if (ablation.IsFinished) return;
        var (_, feed) = await Ablations.Follow(ablation.Id, latest => InvokeAsync(() => Replace(latest)), LabStopping);
        if (feed is not null) Keep(feed);
    }

    private void Replace(AblationSnapshot latest)
    {
        ablations = ablations?.Select(a => a.Id == latest.Id ? latest : a).ToArray();
        StateHasChanged();
    }

    private static string PageOf(AblationSnapshot a) => a.Table is null ? $"/ablations/{a.Id}" : $"/tables/{a.Id}";
}
