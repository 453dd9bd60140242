using System.Globalization;
using Microsoft.AspNetCore.Components;
using UNet3D.Lab.Experiments.Protocols;
using UNet3D.Lab.Web.Compare;

namespace UNet3D.Lab.Web.Components.Pages.Compare;

/// <summary>Two groups chosen by value and the paired difference of their per-sample IoU, with its interval, n and the pairs.</summary>
public partial class PairedDifferencePanel
{
    /// <summary>The grouped field.</summary>
    [Parameter, EditorRequired]
    public required string Field { get; set; }

    /// <summary>The groups' values, in the view's order.</summary>
    [Parameter, EditorRequired]
    public required IReadOnlyList<string> Values { get; set; }

    [Parameter]
    public GroupPairing? Pairing { get; set; }

    /// <summary>Two different groups were chosen.</summary>
    [Parameter]
    public EventCallback<(string First, string Second)> PairChanged { get; set; }

    private async Task Choose(string? first, string? second)
    {
        if (first is not null && second is not null && first != second) await PairChanged.InvokeAsync((first, second));
    }

    private static string Number(double value) => value.ToString("F3", CultureInfo.InvariantCulture);

    private static string Signed(double value) => value.ToString("+0.000;−0.000;0.000", CultureInfo.InvariantCulture);

    private string Verdict(PairedDifference difference) =>
        difference.AboveZero ? $"{Pairing!.First} above {Pairing.Second} at 95%"
        : difference.BelowZero ? $"{Pairing!.First} below {Pairing.Second} at 95%"
        : difference.Low is null ? "one pair: no interval" : "no difference shown at 95%";

    private static MudBlazor.Color VerdictColor(PairedDifference difference) =>
        difference.AboveZero || difference.BelowZero ? MudBlazor.Color.Success : MudBlazor.Color.Default;
}
