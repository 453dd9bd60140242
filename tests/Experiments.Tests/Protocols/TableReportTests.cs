using UNet3D.Lab.Experiments.Protocols;

namespace UNet3D.Lab.Experiments.Tests.Protocols;

public sealed class TableReportTests
{
    [Fact]
    public void A_cell_is_the_mean_over_its_datasets_summarised_over_seeds_with_sample_sd_and_n()
    {
        var table = new OutcomeBuilder(1, "a", "b")
            .Cell("subset 1", "3D w/o BN", (1, [0.8, 0.6]), (2, [0.9, 0.7]), (3, [0.7, double.NaN]))
            .Build();
        var cell = table.Cell("subset 1", "3D w/o BN")!;
        // Seed values 0.7, 0.8 and 0.7 (an undefined IoU is left out of the dataset mean).
        Assert.Equal(3, cell.Ours!.N);
        Assert.Equal(0.7333333333, cell.Ours.Mean, 9);
        Assert.Equal(Math.Sqrt((2 * Math.Pow(0.0333333333, 2) + Math.Pow(0.0666666667, 2)) / 2), cell.Ours.StandardDeviation!.Value, 9);
        Assert.Equal(0.822, cell.Paper);
        Assert.Equal(0.7333333333 - 0.822, cell.Difference!.Value, 9);
        Assert.Equal((3, 3), (cell.Done, cell.Expected));
    }

    [Fact]
    public void Statistic_of_one_value_has_no_sd_and_of_none_is_absent()
    {
        Assert.Equal(new Statistic(0.5, null, 1), Statistic.Of([0.5, double.NaN]));
        Assert.Null(Statistic.Of([double.NaN]));
        Assert.Equal("0.500 (n=1)", Statistic.Of([0.5])!.ToString());
        Assert.Equal("0.500 ± 0.141 (n=2)", Statistic.Of([0.4, 0.6])!.ToString());
    }

    [Fact]
    public void The_average_row_averages_each_seed_over_the_folds_and_waits_for_all_of_them()
    {
        var builder = new OutcomeBuilder(1, "a")
            .Cell("subset 1", "3D with BN", 0.6, 0.7)
            .Cell("subset 2", "3D with BN", 0.8, 0.9)
            .Cell("subset 3", "3D with BN", 0.7, 0.5)
            .Cell("subset 1", "2D with BN", 0.5)
            .Pending("subset 2", "2D with BN", expected: 1);
        var table = builder.Build();

        var average = table.Rows.Single(r => r.IsAverage);
        Assert.Equal("average", average.Label);
        var bn = average.Cells[1];
        // Seed 1: (0.6 + 0.8 + 0.7) / 3 = 0.7; seed 2: (0.7 + 0.9 + 0.5) / 3 = 0.7.
        Assert.Equal(0.7, bn.Ours!.Mean, 12);
        Assert.Equal(0, bn.Ours.StandardDeviation!.Value, 12);
        Assert.Equal(2, bn.Ours.N);
        Assert.Equal(0.863, bn.Paper);
        Assert.Null(average.Cells[2].Ours);
        Assert.Equal(0, average.Cells[2].Done);
        Assert.Null(table.Cell("subset 3", "3D w/o BN")!.Ours);
        Assert.False(table.IsComplete);
    }

    [Fact]
    public void Table_2_has_a_mean_column_over_the_datasets_and_the_annotated_voxel_share()
    {
        var table = new OutcomeBuilder(2, "a", "b").All((row, column) => column == "a" ? 0.4 : 0.6).Build();
        Assert.Equal(["a", "b", "mean"], table.Columns);
        var first = table.Rows[0];
        Assert.Equal("1,1,1", first.Label);
        Assert.Equal(0.5, first.Cells[2].Ours!.Mean, 12);
        Assert.Equal((0.331 + 0.483 + 0.475) / 3, first.Cells[2].Paper!.Value, 12);
        Assert.Equal(0.483, first.Cells[1].Paper);
        Assert.Equal(0.01, first.Extra!.Ours!.Mean, 12);
        Assert.Equal(0.025, first.Extra.Paper);
        Assert.Equal(0.04, table.Rows[3].Extra!.Ours!.Mean, 12);
        Assert.DoesNotContain(table.Rows, r => r.IsAverage);
    }

    [Fact]
    public void The_chart_has_one_bar_per_dataset_and_model()
    {
        var t3 = new OutcomeBuilder(3, "a", "b").All((row, column) => row == "a" ? 0.3 : 0.9).Build();
        Assert.Equal(6, t3.Chart.Count);
        Assert.Equal(["3D w/o BN", "3D with BN", "2D with BN"], t3.Chart.Select(b => b.Series).Distinct());
        Assert.Equal(0.9, t3.Chart.Single(b => b.Series == "2D with BN" && b.Dataset == "b").Value.Mean);

        var t1 = new OutcomeBuilder(1, "a", "b")
            .Cell("subset 1", "3D with BN", (1, [0.2, 0.4]))
            .Cell("subset 2", "3D with BN", (1, [0.4, 0.6]))
            .Cell("subset 3", "3D with BN", (1, [0.6, 0.8]))
            .Build();
        Assert.Equal([("a", 0.4), ("b", 0.6)], t1.Chart.Select(b => (b.Dataset, Math.Round(b.Value.Mean, 12))));

        var t2 = new OutcomeBuilder(2, "a").All((row, _) => row == "5,5,3" ? 0.8 : 0.5).Build();
        Assert.Equal(["1,1,1", "2,2,1", "3,3,2", "5,5,3"], t2.Chart.Select(b => b.Series));
    }
}
