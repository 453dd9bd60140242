using Microsoft.AspNetCore.Components;
using UNet3D.Lab.Silo.Runs;

namespace UNet3D.Lab.Web.Components.Pages.Compare;

/// <summary>Finds a run in the runs index by part of its name or id and hands it to the page to add to the view.</summary>
public partial class CompareRunPicker
{
    private RunRow? chosen;

    [Inject]
    public required ExperimentClient Experiments { get; set; }

    /// <summary>Ids already in the view: not offered again.</summary>
    [Parameter]
    public IReadOnlyList<string> Present { get; set; } = [];

    [Parameter]
    public EventCallback<string> Added { get; set; }

    [Parameter]
    public string? Class { get; set; }

    private async Task<IEnumerable<RunRow>> Search(string text, CancellationToken cancellation)
    {
        var term = text.Trim();
        if (term.Length is 0 or > RunQuery.MaxSearchLength) return [];
        var page = await Experiments.List(RunQuery.Default with { Search = term, Limit = 20 });
        return page.Items.Where(r => !Present.Contains(r.Id));
    }

    private async Task Add(RunRow? run)
    {
        chosen = null;
        if (run is not null) await Added.InvokeAsync(run.Id);
    }
}
