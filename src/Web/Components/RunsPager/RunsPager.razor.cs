using System.Globalization;
using Microsoft.AspNetCore.Components;

namespace UNet3D.Lab.Web.Components;

/// <summary>
/// The runs table's pager: the page size, which runs of how many are shown, and buttons to the first, previous, next
/// and last page. It asks for an offset or a page size; the page fetches that page from the server.
/// </summary>
public partial class RunsPager
{
    private readonly string sizeLabelId = $"runs-page-size-{Guid.NewGuid():N}";

    /// <summary>How many runs match in all.</summary>
    [Parameter, EditorRequired]
    public int Total { get; set; }

    /// <summary>The index of the page's first run.</summary>
    [Parameter, EditorRequired]
    public int Offset { get; set; }

    /// <summary>Runs a page.</summary>
    [Parameter, EditorRequired]
    public int Limit { get; set; }

    [Parameter]
    public IReadOnlyList<int> PageSizes { get; set; } = [25, 50, 100];

    [Parameter]
    public EventCallback<int> OffsetChanged { get; set; }

    [Parameter]
    public EventCallback<int> LimitChanged { get; set; }

    /// <summary>"51-100 of 2000"; "0 of 0" when nothing matches.</summary>
    private string Range => Total == 0 || Offset >= Total
        ? string.Create(CultureInfo.InvariantCulture, $"0 of {Total}")
        : string.Create(CultureInfo.InvariantCulture, $"{Offset + 1}-{Math.Min(Offset + Limit, Total)} of {Total}");

    /// <summary>The offset of the last page: a whole number of pages in.</summary>
    private int LastOffset => Total == 0 ? 0 : (Total - 1) / Limit * Limit;
}
