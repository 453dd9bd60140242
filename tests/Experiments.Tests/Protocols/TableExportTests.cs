using UNet3D.Lab.Experiments.Protocols;

namespace UNet3D.Lab.Experiments.Tests.Protocols;

public sealed class TableExportTests
{
    private static ResultTable Table3() => new OutcomeBuilder(3, "a", "b")
        .Cell("a", "3D w/o BN", 0.6, 0.7)
        .Cell("a", "3D with BN", 0.8, 0.8)
        .Cell("a", "2D with BN", 0.5)
        .Cell("b", "3D w/o BN", 0.7, 0.8)
        .Cell("b", "3D with BN", 0.9, 0.7)
        .Pending("b", "2D with BN", 1)
        .Build();

    [Fact]
    public void Csv_has_one_line_per_place_with_empty_fields_where_nothing_is_known()
    {
        Assert.Equal(
            """
            table,row,column,ours_mean,ours_sd,ours_n,paper,difference
            3,a,3D w/o BN,0.6500,0.0707,2,0.6550,-0.0050
            3,a,3D with BN,0.8000,0.0000,2,0.7610,0.0390
            3,a,2D with BN,0.5000,,1,0.6190,-0.1190
            3,b,3D w/o BN,0.7500,0.0707,2,0.7340,0.0160
            3,b,3D with BN,0.8000,0.1414,2,0.7980,0.0020
            3,b,2D with BN,,,,0.6980,
            3,average,3D w/o BN,0.7000,0.0707,2,,
            3,average,3D with BN,0.8000,0.0707,2,,
            3,average,2D with BN,,,,,

            """.ReplaceLineEndings("\n"),
            TableExport.Csv(Table3()));
    }

    [Fact]
    public void Csv_quotes_table_2s_setting_labels_and_lists_the_gt_voxels()
    {
        var csv = TableExport.Csv(new OutcomeBuilder(2, "a").All((_, _) => 0.5).Build()).Split('\n');
        Assert.Equal("2,\"1,1,1\",GT voxels,0.0100,,1,0.0250,-0.0150", csv[1]);
        Assert.Equal("2,\"1,1,1\",a,0.5000,,1,0.3310,0.1690", csv[2]);
        Assert.Equal("2,\"1,1,1\",mean,0.5000,,1,0.4297,0.0703", csv[3]);
        Assert.Equal(1 + 4 * 3 + 1, csv.Length);
    }

    [Fact]
    public void Markdown_is_the_papers_table_with_ours_paper_and_difference_then_the_claims()
    {
        var table = Table3();
        Assert.Equal(
            """
            ### Table 3 — fully-automated segmentation, train on the other datasets, test on one

            - note

            | test volume | 3D w/o BN: ours | paper | Δ | 3D with BN: ours | paper | Δ | 2D with BN: ours | paper | Δ |
            |---|---|---|---|---|---|---|---|---|---|
            | a | 0.650 ± 0.071 (n=2) | 0.655 | -0.005 | 0.800 ± 0.000 (n=2) | 0.761 | +0.039 | 0.500 (n=1) | 0.619 | -0.119 |
            | b | 0.750 ± 0.071 (n=2) | 0.734 | +0.016 | 0.800 ± 0.141 (n=2) | 0.798 | +0.002 | – | 0.698 | – |
            | **average** | 0.700 ± 0.071 (n=2) | – | – | 0.800 ± 0.071 (n=2) | – | – | – | – | – |

            Claims:

            - **(1) 3D beats 2D (fully-automated, Table 3): undetermined.** ours: not finished; paper: not finished. Rule: holds when the average IoU of 3D with BN exceeds that of 2D with BN (on the paper's values: undetermined).
            - **(3) BN can hurt on a test volume that differs strongly from the training volumes (Table 3): does not hold.** ours: 3D with BN is at least as good on every volume (smallest change +0.050 on b); paper: 3D with BN is at least as good on every volume (smallest change +0.064 on b). Rule: holds when 3D with BN scores below 3D w/o BN on at least one test volume; the volume with the largest drop is named (on the paper's values: does not hold).

            """.ReplaceLineEndings("\n"),
            TableExport.Markdown(table, PaperClaims.Check(table)));
    }
}
