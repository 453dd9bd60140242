using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using UNet3D.Lab.Silo.Runs;

namespace UNet3D.Lab.Web.Components;

/// <summary>
/// A header of the runs table that sorts by its column on the server: the first click puts the best first (highest IoU,
/// lowest loss, shortest, newest; names A to Z), the next one turns the order round. It shows the order the page's
/// query has, looking like MudBlazor's sort labels; the table sorts nothing itself.
/// </summary>
public partial class RunSortHeader
{
    [Parameter, EditorRequired]
    public RunSortColumn Column { get; set; }

    [Parameter, EditorRequired]
    public required string Label { get; set; }

    /// <summary>The order the table has now.</summary>
    [Parameter, EditorRequired]
    public required RunQuery Query { get; set; }

    /// <summary>The column and whether largest first, when the reader asks for an order.</summary>
    [Parameter]
    public EventCallback<(RunSortColumn Column, bool Descending)> Sorted { get; set; }

    private string Name => LabJson.NameOf(Column);

    private bool Active => Query.Sort == Column;

    private string IconClass => !Active ? "mud-table-sort-label-icon" : Query.Descending ? "mud-table-sort-label-icon mud-direction-desc" : "mud-table-sort-label-icon mud-direction-asc";

    private string Title => $"Sort by {Label}";

    /// <summary>Whether a first click sorts largest first: IoU and the date (newest) are better high, loss and time low.</summary>
    public static bool FirstDescending(RunSortColumn column) => column is RunSortColumn.MeanIou or RunSortColumn.BestValidationIou or RunSortColumn.CreatedAt;

    private Task Toggle() => Sorted.InvokeAsync((Column, Active ? !Query.Descending : FirstDescending(Column)));

    private Task Key(KeyboardEventArgs key) => key.Key is "Enter" or " " ? Toggle() : Task.CompletedTask;
}
