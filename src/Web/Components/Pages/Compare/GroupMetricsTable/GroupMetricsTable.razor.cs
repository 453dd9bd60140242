using System.Globalization;
using Microsoft.AspNetCore.Components;
using UNet3D.Lab.Experiments.Protocols;
using UNet3D.Lab.Web.Compare;

namespace UNet3D.Lab.Web.Components.Pages.Compare;

/// <summary>The metrics of each group (or run, when the view is not grouped): mean ± sd over its shown runs.</summary>
public partial class GroupMetricsTable
{
    [Parameter, EditorRequired]
    public required IReadOnlyList<GroupMetrics> Metrics { get; set; }

    [Parameter]
    public bool Grouped { get; set; }

    /// <summary>The per-class IoU columns, by label (<see cref="Web.Compare.CompareView.ClassNames"/>).</summary>
    [Parameter]
    public IReadOnlyList<string> ClassNames { get; set; } = LabelSet.Paper.Names;

    private IReadOnlyList<GroupMetrics>? shown;

    /// <summary>Only for other metrics (the view hands over the same list while only the curves change).</summary>
    protected override bool ShouldRender()
    {
        if (ReferenceEquals(shown, Metrics)) return false;
        shown = Metrics;
        return true;
    }

    /// <summary>"0.812 ± 0.010", "0.812" for one run, "–" for none.</summary>
    internal static string Format(Statistic? statistic, string number) => statistic is null
        ? "–"
        : statistic.StandardDeviation is { } sd
            ? $"{statistic.Mean.ToString(number, CultureInfo.InvariantCulture)} ± {sd.ToString(number, CultureInfo.InvariantCulture)}"
            : statistic.Mean.ToString(number, CultureInfo.InvariantCulture);

    private static string Seconds(Statistic? statistic) => statistic is null ? "–" : Format(statistic, "F1") + " s";
}
