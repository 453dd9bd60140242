namespace UNet3D.Lab.Experiments.Protocols;

/// <summary>
/// The IoU values the paper publishes (Çiçek et al. 2016, Tables 1–3, as recorded in docs/paper.md), addressed the way
/// <see cref="TableLayout"/> lays out our tables. Datasets are matched to the paper's samples by position: the first
/// dataset of a run is compared with the paper's S1 (or volume 1), and so on; a fourth dataset has no paper value.
/// </summary>
public static class PaperTables
{
    /// <summary>Table 1, rows subset 1–3 and average; columns 3D w/o BN, 3D with BN, 2D with BN.</summary>
    public static readonly double[][] Table1 =
    [
        [0.822, 0.855, 0.785],
        [0.857, 0.871, 0.820],
        [0.846, 0.863, 0.782],
        [0.842, 0.863, 0.796],
    ];

    /// <summary>Table 2, rows (1,1,1), (2,2,1), (3,3,2), (5,5,3); columns S1, S2, S3.</summary>
    public static readonly double[][] Table2 =
    [
        [0.331, 0.483, 0.475],
        [0.676, 0.579, 0.738],
        [0.761, 0.808, 0.835],
        [0.856, 0.849, 0.872],
    ];

    /// <summary>Table 2's "GT voxels" column: the annotated share of the voxels per setting.</summary>
    public static readonly double[] Table2GtVoxels = [0.025, 0.033, 0.057, 0.089];

    /// <summary>Table 3, rows test volume 1–3 and average; columns 3D w/o BN, 3D with BN, 2D with BN.</summary>
    public static readonly double[][] Table3 =
    [
        [0.655, 0.761, 0.619],
        [0.734, 0.798, 0.698],
        [0.779, 0.554, 0.325],
        [0.723, 0.704, 0.547],
    ];

    /// <summary>
    /// The paper's value at a place of our table: row and column indices as in <see cref="TableLayout"/>, the average
    /// row as index <c>Rows.Count</c>, Table 2's mean column as index <c>Columns.Count</c> (the mean of the paper's three
    /// columns, which the paper does not print); null where the paper has no value.
    /// </summary>
    public static double? Value(TableLayout layout, int row, int column)
    {
        switch (layout.Table)
        {
            case 1:
                return row < Table1.Length && column < 3 ? Table1[row][column] : null;
            case 2:
                if (row >= Table2.Length) return null;
                if (column == layout.Columns.Count) return Table2[row].Average();
                return column < 3 ? Table2[row][column] : null;
            case 3:
                // Our rows are test volumes in dataset order; the paper's average row covers exactly three volumes.
                if (row == layout.Rows.Count) return layout.Rows.Count == 3 && column < 3 ? Table3[3][column] : null;
                return row < 3 && column < 3 ? Table3[row][column] : null;
            default:
                return null;
        }
    }

    /// <summary>Table 2's published GT voxel share for a row; null elsewhere.</summary>
    public static double? GtVoxels(TableLayout layout, int row) =>
        layout.Table == 2 && row < Table2GtVoxels.Length ? Table2GtVoxels[row] : null;
}
