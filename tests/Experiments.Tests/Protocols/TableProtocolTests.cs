using UNet3D.Lab.Experiments.Data;
using UNet3D.Lab.Experiments.Protocols;
using UNet3D.Lab.Experiments.Runs;

namespace UNet3D.Lab.Experiments.Tests.Protocols;

public sealed class TableProtocolTests
{
    private static readonly string[] Tiny = ["phantom-tiny-s1", "phantom-tiny-s2", "phantom-tiny-s3"];

    private static ProtocolRequest Request(int table, params string[] ids) =>
        new(table, "smoke", (ids.Length == 0 ? Tiny : ids).Select(id => DatasetGeometry.Phantom(id)!).ToArray(), Iterations: 7);

    [Fact]
    public void Table_1_is_three_folds_times_three_models_each_trained_on_every_dataset()
    {
        var cells = TableProtocol.Expand(Request(1));
        Assert.Equal(9, cells.Count);
        Assert.Equal(["subset 1", "subset 2", "subset 3"], cells.Select(c => c.Row).Distinct());
        Assert.Equal(["3D w/o BN", "3D with BN", "2D with BN"], cells.Select(c => c.Column).Distinct());
        Assert.Equal(9, cells.Select(c => c.Key).Distinct().Count());
        foreach (var cell in cells)
        {
            Assert.Empty(cell.Spec.Problems());
            Assert.Equal(Tiny, cell.Spec.Datasets!.Select(d => d.Id));
            Assert.Equal([[3, 3, 8], [3, 3, 5], [3, 3, 4]], cell.Spec.Datasets!.Select(d => d.AnnotatedSlices!.ToArray()));
            Assert.Null(cell.Spec.TestDatasets);
            Assert.Equal(3, cell.Spec.Fold!.Count);
            Assert.Equal(cell.Row, $"subset {cell.Spec.Fold.Held + 1}");
            Assert.Equal(Tiny, cell.Measured);
            Assert.Equal(7, cell.Spec.Iterations);
            Assert.Equal(1, cell.Spec.Seed);
        }
        var models = cells.Where(c => c.Row == "subset 2").Select(c => (c.Spec.Model, c.Spec.BatchNorm));
        Assert.Equal([(ModelKind.ThreeD, false), (ModelKind.ThreeD, true), (ModelKind.TwoD, true)], models);
    }

    [Fact]
    public void Table_1_folds_train_and_test_on_disjoint_subsets_that_together_are_the_pool()
    {
        var volume = PhantomDatasets.Shared.Load("phantom-tiny-s1");
        var cells = TableProtocol.Expand(Request(1)).Where(c => c.Column == "3D with BN").ToArray();
        var pool = SparseAnnotation.ChooseUniformSlices(volume, [3, 3, 8]);
        var tested = new HashSet<AnnotatedSlice>();
        foreach (var cell in cells)
        {
            var fold = cell.Spec.Fold!;
            var training = fold.Training(pool);
            var testing = fold.Testing(pool);
            Assert.Empty(training.Intersect(testing));
            Assert.All([VolumeAxis.X, VolumeAxis.Y, VolumeAxis.Z], axis => Assert.Contains(testing, s => s.Axis == axis));
            tested.UnionWith(testing);

            // The experiment measures S1 exactly on the held subset's planes, minus the voxels it was trained on.
            var data = ExperimentData.Prepare(cell.Spec, PhantomDatasets.Shared);
            var s1 = data.Evaluation.Single(e => e.Name == "phantom-tiny-s1");
            var held = SliceMask.Create(volume.Shape, testing);
            var trained = SliceMask.Create(volume.Shape, training);
            for (var i = 0; i < s1.Tested.Length; i++) Assert.Equal(held[i] && !trained[i], s1.Tested[i]);
        }
        Assert.Equal(pool.ToHashSet(), tested);
    }

    [Fact]
    public void Table_2_trains_3d_with_bn_on_one_dataset_per_setting_and_keeps_every_settings_planes_out_of_the_test()
    {
        var cells = TableProtocol.Expand(Request(2));
        Assert.Equal(12, cells.Count);
        Assert.Equal(["1,1,1", "2,2,1", "3,3,2", "5,5,3"], cells.Select(c => c.Row).Distinct());
        Assert.Equal(Tiny, cells.Select(c => c.Column).Distinct());
        foreach (var cell in cells)
        {
            Assert.Empty(cell.Spec.Problems());
            Assert.Equal((ModelKind.ThreeD, true), (cell.Spec.Model, cell.Spec.BatchNorm));
            var dataset = Assert.Single(cell.Spec.Datasets!);
            Assert.Equal(cell.Column, dataset.Id);
            Assert.Equal(cell.Row, string.Join(",", dataset.AnnotatedSlices!));
            Assert.Equal([[1, 1, 1], [2, 2, 1], [3, 3, 2], [5, 5, 3]], cell.Spec.ExcludedFromTest!.Select(e => e.ToArray()));
            Assert.Equal([cell.Column], cell.Measured);
            Assert.Null(cell.Spec.Fold);
        }

        // Every setting of one dataset is measured on the same voxels: those no setting annotated.
        var masks = cells.Where(c => c.Column == "phantom-tiny-s2")
            .Select(c => ExperimentData.Prepare(c.Spec, PhantomDatasets.Shared).Evaluation.Single().Tested).ToArray();
        Assert.All(masks, m => Assert.Equal(masks[0], m));
        var volume = PhantomDatasets.Shared.Load("phantom-tiny-s2");
        var largest = SliceMask.Create(volume.Shape, SparseAnnotation.ChooseUniformSlices(volume, [5, 5, 3]));
        Assert.All(Enumerable.Range(0, largest.Length).Where(i => largest[i]), i => Assert.False(masks[0][i]));
    }

    [Fact]
    public void Table_3_trains_on_the_other_datasets_and_tests_on_every_annotated_slice_of_one()
    {
        var cells = TableProtocol.Expand(Request(3));
        Assert.Equal(9, cells.Count);
        Assert.Equal(Tiny, cells.Select(c => c.Row).Distinct());
        foreach (var cell in cells)
        {
            Assert.Empty(cell.Spec.Problems());
            var test = Assert.Single(cell.Spec.TestDatasets!);
            Assert.Equal(cell.Row, test.Id);
            Assert.Equal(Tiny.Where(id => id != cell.Row), cell.Spec.Datasets!.Select(d => d.Id));
            Assert.Equal([cell.Row], cell.Measured);
        }
        var third = cells.First(c => c.Row == "phantom-tiny-s3");
        Assert.Equal([3, 3, 4], third.Spec.TestDatasets![0].AnnotatedSlices);
        Assert.Equal([[3, 3, 8], [3, 3, 5]], third.Spec.Datasets!.Select(d => d.AnnotatedSlices!.ToArray()));
    }

    [Theory]
    [InlineData(4, "smoke", "table")]
    [InlineData(1, "huge", "preset")]
    public void Bad_table_or_preset_is_named(int table, string preset, string field)
    {
        var problems = TableProtocol.Problems(new ProtocolRequest(table, preset, [DatasetGeometry.Phantom(Tiny[0])!]));
        Assert.Equal(field, Assert.Single(problems).Field);
    }

    [Fact]
    public void Dataset_problems_name_the_datasets_field()
    {
        Assert.Contains("at least two", Assert.Single(TableProtocol.Problems(Request(3, Tiny[0]))).Message);
        Assert.Contains("named twice", Assert.Single(TableProtocol.Problems(Request(1, Tiny[0], Tiny[0]))).Message);
        Assert.Equal("iterations", Assert.Single(TableProtocol.Problems(Request(1) with { Iterations = 0 })).Field);
        Assert.Equal("datasets", Assert.Single(TableProtocol.Problems(Request(1) with { Datasets = [] })).Field);

        var sparse = new DatasetGeometry("sparse", new VolumeShape(20, 20, 20), [4, 6, 6]);
        var table2 = TableProtocol.Problems(new ProtocolRequest(2, "smoke", [sparse]));
        Assert.Contains("'sparse' has 4 annotated planes along X; Table 2 annotates up to 5", Assert.Single(table2).Message);
        var thin = new DatasetGeometry("thin", new VolumeShape(20, 20, 20), [2, 2, 2]);
        Assert.Equal("datasets", Assert.Single(TableProtocol.Problems(new ProtocolRequest(1, "smoke", [thin]))).Field);
        Assert.Throws<InvalidExperimentSpecException>(() => TableProtocol.Expand(new ProtocolRequest(1, "smoke", [thin])));
    }

    [Fact]
    public void Layouts_follow_the_papers_tables()
    {
        var t1 = TableLayout.For(1, Tiny);
        Assert.Equal(["subset 1", "subset 2", "subset 3"], t1.Rows);
        Assert.Equal("average", t1.AverageRow);
        var t2 = TableLayout.For(2, Tiny);
        Assert.Equal(Tiny, t2.Columns);
        Assert.Equal(("mean", "GT voxels"), (t2.AverageColumn, t2.ExtraColumn));
        var t3 = TableLayout.For(3, Tiny);
        Assert.Equal(Tiny, t3.Rows);
        Assert.Equal(0.554, PaperTables.Value(t3, 2, 1));
        Assert.Equal(0.704, PaperTables.Value(t3, 3, 1));
        Assert.Null(PaperTables.Value(TableLayout.For(3, [.. Tiny, "d4"]), 4, 1));
        Assert.Equal((0.331 + 0.483 + 0.475) / 3, PaperTables.Value(t2, 0, 3)!.Value, 12);
        Assert.Equal(0.089, PaperTables.GtVoxels(t2, 3));
    }
}
