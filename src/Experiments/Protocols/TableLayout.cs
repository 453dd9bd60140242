namespace UNet3D.Lab.Experiments.Protocols;

/// <summary>
/// The shape of one of the paper's tables for a given list of datasets: its rows and columns, plus the computed
/// average row (Tables 1 and 3) or mean column (Table 2) and Table 2's "GT voxels" column.
/// </summary>
public sealed record TableLayout(
    int Table,
    string Title,
    string RowHeader,
    IReadOnlyList<string> Rows,
    IReadOnlyList<string> Columns,
    string? AverageRow,
    string? AverageColumn,
    string? ExtraColumn,
    string CellMeaning)
{
    public const string Average = "average";
    public const string Mean = "mean";
    public const string GtVoxels = "GT voxels";

    public static TableLayout For(int table, IReadOnlyList<string> datasets) => table switch
    {
        1 => new TableLayout(1, "Table 1 — semi-automated segmentation, 3-fold cross-validation over the annotated slices", "test slices",
            Enumerable.Range(1, TableProtocol.Folds).Select(TableProtocol.SubsetLabel).ToArray(),
            ProtocolModel.All.Select(m => m.Label).ToArray(), Average, null, null,
            "IoU on the held-out subset's slices, averaged over the datasets; one network per fold and model, trained on all datasets"),
        2 => new TableLayout(2, "Table 2 — semi-automated segmentation, number of annotated slices (3D with BN, one dataset at a time)", "GT slices",
            TableProtocol.Table2Settings.Select(TableProtocol.SettingLabel).ToArray(),
            datasets.ToArray(), null, Mean, GtVoxels,
            "IoU of each dataset on the voxels with ground truth that none of the four settings annotated; GT voxels: annotated share of the voxels, mean over the datasets"),
        3 => new TableLayout(3, "Table 3 — fully-automated segmentation, train on the other datasets, test on one", "test volume",
            datasets.ToArray(), ProtocolModel.All.Select(m => m.Label).ToArray(), Average, null, null,
            "IoU on every annotated slice of the test volume, with a network trained on the annotated slices of the other datasets"),
        _ => throw new ArgumentOutOfRangeException(nameof(table), table, "The paper has Tables 1, 2 and 3."),
    };
}
