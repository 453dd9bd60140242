using UNet3D.Lab.Silo.Runs;

namespace UNet3D.Lab.Web.Components.Pages;

/// <summary>
/// A column of the runs table that a reader may hide: its key in the page's URL (<c>columns=</c>), its header, the sort
/// it offers, and whether a plain link shows it. The select box and the name are always shown.
/// </summary>
public sealed record RunColumn(string Key, string Label, RunSortColumn? Sort = null, bool ShownByDefault = true)
{
    public static RunColumn Status { get; } = new("status", "Status");
    public static RunColumn Model { get; } = new("model", "Model");
    public static RunColumn BatchNorm { get; } = new("batchNorm", "BN");
    public static RunColumn Preset { get; } = new("preset", "Preset");
    public static RunColumn Slices { get; } = new("slices", "Slices (x, y, z)", ShownByDefault: false);
    public static RunColumn Tags { get; } = new("tags", "Tags");
    public static RunColumn MeanIou { get; } = new("meanIou", "Mean IoU", RunSortColumn.MeanIou);
    public static RunColumn FinalLoss { get; } = new("finalLoss", "Final loss", RunSortColumn.FinalLoss);
    public static RunColumn BestValidationIou { get; } = new("bestValidationIou", "Best val IoU", RunSortColumn.BestValidationIou, ShownByDefault: false);
    public static RunColumn Duration { get; } = new("duration", "Duration", RunSortColumn.Duration);
    public static RunColumn CreatedAt { get; } = new("createdAt", "Created", RunSortColumn.CreatedAt);

    /// <summary>In the order the table shows them.</summary>
    public static IReadOnlyList<RunColumn> All { get; } =
        [Status, Model, BatchNorm, Preset, Slices, Tags, MeanIou, FinalLoss, BestValidationIou, Duration, CreatedAt];

    /// <summary>The sort's name in the URL ("meanIou"), for the header that sorts by this column.</summary>
    public string? SortName => Sort is { } sort ? Silo.Json.LabJson.NameOf(sort) : null;
}
