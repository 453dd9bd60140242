using Microsoft.AspNetCore.Components;
using UNet3D.Lab.Web.Compare;

namespace UNet3D.Lab.Web.Components.Pages.Compare;

/// <summary>
/// The runs of a compare view, one row each, with the configuration fields whose values differ between them (or every
/// field), a box that shows or hides a run, its colour and a button that removes it from the view.
/// </summary>
public partial class ConfigDiffTable
{
    [Parameter, EditorRequired]
    public required CompareView View { get; set; }

    /// <summary>A run's box was ticked (hidden false) or cleared (hidden true).</summary>
    [Parameter]
    public EventCallback<(string Run, bool Hidden)> HiddenChanged { get; set; }

    [Parameter]
    public EventCallback<string> Removed { get; set; }

    /// <summary>Every field, not only those that differ.</summary>
    public bool ShowAll { get; private set; }

    private IReadOnlyList<string> Fields => ShowAll ? View.AllFields : View.DifferingFields;

    private (object Runs, object Groups, bool ShowAll) shown;

    /// <summary>Only when the runs, the groups (which give colours and hidden runs) or the switch change: not for smoothing and the like.</summary>
    protected override bool ShouldRender()
    {
        var now = ((object)View.Runs, (object)View.Groups, ShowAll);
        if (now.Equals(shown)) return false;
        shown = now;
        return true;
    }

    private static string StatusName(CompareRun run) => Silo.Json.LabJson.NameOf(run.Snapshot.Status);
}
