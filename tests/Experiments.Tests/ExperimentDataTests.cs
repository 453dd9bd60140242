using UNet3D.Lab.Experiments.Data;
using UNet3D.Lab.Experiments.Runs;

namespace UNet3D.Lab.Experiments.Tests;

public sealed class ExperimentDataTests
{
    private static readonly VolumeShape Shape = new(6, 7, 8);

    private sealed class Datasets(params (string Id, LabeledVolume Volume)[] volumes) : IDatasetSource
    {
        public LabeledVolume Load(string id) =>
            volumes.FirstOrDefault(v => v.Id == id).Volume ?? throw new DatasetNotFoundException(id);
    }

    // Labels vary with position so every voxel has ground truth of all three classes somewhere.
    private static LabeledVolume Dense(string name, int channels = 1) =>
        new(name, Shape, channels, new float[Shape.VoxelCount * channels],
            Enumerable.Range(0, (int)Shape.VoxelCount).Select(i => (byte)(i % 3)).ToArray());

    private static ExperimentSpec Spec(params string[] ids) => new()
    {
        Model = ModelKind.ThreeD,
        Datasets = ids.Select(id => new DatasetSelection(id)).ToArray(),
    };

    private static bool OnPlane(LabeledVolume v, long i, AnnotatedSlice s)
    {
        var x = (int)(i % v.Shape.X);
        var y = (int)(i / v.Shape.X % v.Shape.Y);
        var z = (int)(i / ((long)v.Shape.X * v.Shape.Y));
        return s.Axis switch { VolumeAxis.X => x == s.Index, VolumeAxis.Y => y == s.Index, _ => z == s.Index };
    }

    [Fact]
    public void Semi_automated_runs_measure_every_voxel_with_truth_that_training_did_not_see()
    {
        var source = new Datasets(("a", Dense("a")));
        var data = ExperimentData.Prepare(Spec("a") with { AnnotatedSlices = [1, 1, 2] }, source);

        var annotation = Assert.Single(data.Training).Annotation;
        var sample = Assert.Single(data.Evaluation);
        Assert.Equal("a", sample.Name);
        Assert.True(sample.Trained);
        for (var i = 0; i < sample.Tested.Length; i++) Assert.Equal(!annotation.IsLabeled(i), sample.Tested[i]);
    }

    [Fact]
    public void A_fold_trains_on_the_other_subsets_and_tests_only_on_the_held_planes()
    {
        var source = new Datasets(("a", Dense("a")));
        var spec = Spec("a") with { AnnotatedSlices = [3, 3, 3], Fold = new SliceFold(3, 1) };
        var data = ExperimentData.Prepare(spec, source);

        var pool = SparseAnnotation.ChooseUniformSlices(Shape, [3, 3, 3]);
        var held = SliceFold.Split(pool, 3)[1];
        Assert.Equal(3, held.Count); // one plane per axis
        var training = data.Training[0].Annotation;
        Assert.Equal(6, training.Slices.Count);
        Assert.DoesNotContain(training.Slices, held.Contains);

        var sample = data.Evaluation[0];
        Assert.Contains(true, sample.Tested);
        for (var i = 0; i < sample.Tested.Length; i++)
        {
            var onHeld = held.Any(s => OnPlane(sample.Volume, i, s));
            Assert.Equal(onHeld && !training.IsLabeled(i), sample.Tested[i]);
        }
    }

    [Fact]
    public void Slices_of_excluded_settings_never_enter_the_test()
    {
        var source = new Datasets(("a", Dense("a")));
        var spec = Spec("a") with { AnnotatedSlices = [1, 1, 1], ExcludedFromTest = [[1, 1, 1], [2, 2, 1]] };
        var sample = ExperimentData.Prepare(spec, source).Evaluation[0];

        var excluded = SparseAnnotation.ChooseUniformSlices(Shape, [1, 1, 1]).Concat(SparseAnnotation.ChooseUniformSlices(Shape, [2, 2, 1])).ToArray();
        for (var i = 0; i < sample.Tested.Length; i++)
            Assert.Equal(!excluded.Any(s => OnPlane(sample.Volume, i, s)), sample.Tested[i]);
    }

    [Fact]
    public void Test_datasets_are_never_trained_on_and_are_measured_on_their_annotated_planes()
    {
        var source = new Datasets(("a", Dense("a")), ("b", Dense("b")), ("c", Dense("c")));
        var spec = Spec("a", "b") with { TestDatasets = [new DatasetSelection("c", [0, 0, 2]), new DatasetSelection("a2")] };
        Assert.Throws<DatasetNotFoundException>(() => ExperimentData.Prepare(spec, source));

        var data = ExperimentData.Prepare(spec with { TestDatasets = [new DatasetSelection("c", [0, 0, 2])] }, source);
        Assert.Equal(["a", "b"], data.Training.Select(t => t.Volume.Name));
        var test = data.Evaluation.Single(e => e.Name == "c");
        Assert.False(test.Trained);
        Assert.Equal(2 * Shape.Y * Shape.X, test.Tested.LongCount(t => t));

        var everywhere = ExperimentData.Prepare(spec with { TestDatasets = [new DatasetSelection("c")] }, source).Evaluation.Single(e => e.Name == "c");
        Assert.All(everywhere.Tested, Assert.True);
    }

    [Fact]
    public void Sparse_volumes_offer_only_their_annotated_planes()
    {
        var labels = Enumerable.Repeat(SegmentationLabels.Unlabeled, (int)Shape.VoxelCount).ToArray();
        var volume = Dense("s");
        foreach (var z in new[] { 1, 4 })
            for (var y = 0; y < Shape.Y; y++)
                for (var x = 0; x < Shape.X; x++)
                    labels[volume.Index(z, y, x)] = SegmentationLabels.Background;
        var sparse = new LabeledVolume("s", Shape, 1, volume.Image, labels);

        Assert.False(sparse.IsDense);
        Assert.Equal([1, 4], AnnotationPlanes.Candidates(sparse, VolumeAxis.Z));
        Assert.Empty(AnnotationPlanes.Candidates(sparse, VolumeAxis.X));
        Assert.Equal([new AnnotatedSlice(VolumeAxis.Z, 4)], SparseAnnotation.ChooseUniformSlices(sparse, [0, 0, 1]));

        var problem = Assert.Throws<InvalidExperimentSpecException>(() =>
            ExperimentData.Prepare(Spec("s") with { AnnotatedSlices = [1, 0, 1] }, new Datasets(("s", sparse))));
        Assert.Contains("'s'", problem.Message);
        Assert.Contains("annotatedSlices", problem.Message);
    }

    [Fact]
    public void Training_on_all_labels_learns_every_labelled_voxel_even_of_partly_painted_planes_and_holds_none_out()
    {
        var labels = Enumerable.Repeat(SegmentationLabels.Unlabeled, (int)Shape.VoxelCount).ToArray();
        var volume = Dense("p");
        // A few brush strokes: far less than half of any plane, so no plane counts as annotated for annotatedSlices.
        foreach (var (z, y, x, label) in new[] { (1, 2, 3, SegmentationLabels.Tubule), (1, 2, 4, SegmentationLabels.Background), (4, 0, 0, SegmentationLabels.InsideTubule) })
            labels[volume.Index(z, y, x)] = label;
        var painted = new LabeledVolume("p", Shape, 1, volume.Image, labels);

        var data = ExperimentData.Prepare(Spec("p") with { TrainOnAllLabels = true }, new Datasets(("p", painted)));

        Assert.Equal(labels, data.Training[0].Annotation.Labels);
        Assert.Equal(3, data.Training[0].Annotation.LabeledVoxels);
        Assert.DoesNotContain(true, data.Evaluation[0].Tested);
        Assert.Throws<InvalidExperimentSpecException>(() => ExperimentData.Prepare(Spec("p"), new Datasets(("p", painted))));

        var empty = new LabeledVolume("e", Shape, 1, volume.Image, Enumerable.Repeat(SegmentationLabels.Unlabeled, (int)Shape.VoxelCount).ToArray());
        var problem = Assert.Throws<InvalidExperimentSpecException>(() => ExperimentData.Prepare(Spec("e") with { TrainOnAllLabels = true }, new Datasets(("e", empty))));
        Assert.Contains("'e' has no labelled voxel", problem.Message);
        Assert.Contains("trainOnAllLabels", new ExperimentSpec { Model = ModelKind.ThreeD, TrainOnAllLabels = true }.Problems().Select(p => p.Field));
    }

    [Fact]
    public void Datasets_must_share_one_channel_count()
    {
        var source = new Datasets(("one", Dense("one")), ("three", Dense("three", channels: 3)));
        var problem = Assert.Throws<InvalidExperimentSpecException>(() => ExperimentData.Prepare(Spec("one", "three"), source));
        Assert.Contains("'three' has 3 channels", problem.Message);
    }

    [Fact]
    public void Without_datasets_the_preset_phantom_is_used_under_its_sample_names()
    {
        var data = ExperimentData.Prepare(new ExperimentSpec { Model = ModelKind.TwoD, Preset = "smoke" }, PhantomDatasets.Shared);
        Assert.Equal(["S1", "S2", "S3"], data.Evaluation.Select(e => e.Name));
        Assert.Equal(XenopusPhantom.Shape(0, PhantomVariant.Tiny), data.Training[0].Volume.Shape);
        Assert.Equal(3, data.Channels);
    }

    [Fact]
    public void Specs_name_the_dataset_fields_at_fault()
    {
        var spec = Spec("a", "a") with { Fold = new SliceFold(3, 3), ExcludedFromTest = [[1, 1]] };
        var fields = spec.Problems().Select(p => p.Field).ToArray();
        Assert.Contains("testDatasets", fields);
        Assert.Contains("fold", fields);
        Assert.Contains("excludedFromTest", fields);
        Assert.Contains("datasets", (spec with { Datasets = [] }).Problems().Select(p => p.Field));
    }

    [Fact]
    public void Phantom_dataset_ids_parse_back_and_unknown_ids_are_refused()
    {
        Assert.Equal(["phantom-cpu-s1", "phantom-cpu-s2", "phantom-cpu-s3"], PhantomDatasets.Ids(PhantomVariant.Cpu));
        Assert.True(PhantomDatasets.TryParse("phantom-paper-s3", out var variant, out var index));
        Assert.Equal((PhantomVariant.Paper, 2), (variant, index));
        Assert.False(PhantomDatasets.TryParse("phantom-cpu-s4", out _, out _));
        Assert.Equal("nope", Assert.Throws<DatasetNotFoundException>(() => PhantomDatasets.Shared.Load("nope")).Id);
    }
}
