using Microsoft.AspNetCore.Components;
using UNet3D.Lab.Web.Compare;

namespace UNet3D.Lab.Web.Components.Pages.Compare;

/// <summary>
/// The compare view's controls: series, smoothing (slider and field), x axis, log y and the field to group by. Each
/// change hands the page a new query; the page keeps it in the URL.
/// </summary>
public partial class CompareControls
{
    /// <summary>The group-by choice that groups nothing.</summary>
    public const string NoGrouping = "(none)";

    [Parameter, EditorRequired]
    public required CompareQuery Query { get; set; }

    [Parameter]
    public IReadOnlyList<string> SeriesNames { get; set; } = [];

    /// <summary>The fields that differ between the runs: offered first.</summary>
    [Parameter]
    public IReadOnlyList<string> Differing { get; set; } = [];

    [Parameter]
    public EventCallback<CompareQuery> QueryChanged { get; set; }

    /// <summary>Every field runs can be grouped by, those that differ first.</summary>
    private IEnumerable<string> Fields => Differing.Concat(ConfigDiff.GroupableFields.Where(f => !Differing.Contains(f)));

    private Task Change(CompareQuery next) => next.SameView(Query) ? Task.CompletedTask : QueryChanged.InvokeAsync(next);

    private Task SmoothChanged(double smooth) => Change(Query with { Smooth = Math.Round(Math.Clamp(smooth, 0, CompareQuery.MaxSmoothing), 2) });

    // Changing the field pairs other groups: the pair is cleared with it.
    private Task GroupByChanged(string field) => Change(Query with { GroupBy = field == NoGrouping ? null : field, Pair = null });

    private Task SeriesChanged(IEnumerable<string>? names)
    {
        var chosen = (names ?? []).ToArray();
        // A chart needs a series: clearing the last one keeps it.
        return chosen.Length == 0 ? Task.CompletedTask : Change(Query with { Series = SeriesNames.Where(chosen.Contains).ToArray() });
    }
}
