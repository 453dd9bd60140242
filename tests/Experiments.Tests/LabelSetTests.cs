using UNet3D.Lab.Experiments.Data;
using UNet3D.Lab.Experiments.Losses;
using UNet3D.Lab.Experiments.Metrics;
using UNet3D.Lab.Experiments.Models;
using UNet3D.Lab.Experiments.Runs;
using static TorchSharp.torch;

namespace UNet3D.Lab.Experiments.Tests;

public sealed class LabelSetTests
{
    private static readonly LabelSet Ball = new(["outside", "ball"]);
    private static readonly VolumeShape Box = new(12, 12, 12);

    private sealed class Datasets(params LabeledVolume[] volumes) : IDatasetSource
    {
        public LabeledVolume Load(string id) => volumes.FirstOrDefault(v => v.Name == id) ?? throw new DatasetNotFoundException(id);
    }

    /// <summary>A bright ball (label 1) in a dark box (label 0).</summary>
    private static LabeledVolume BallInBox(string name, LabelSet? labels = null)
    {
        var image = new float[Box.VoxelCount];
        var truth = new byte[Box.VoxelCount];
        for (var z = 0; z < Box.Z; z++)
        for (var y = 0; y < Box.Y; y++)
        for (var x = 0; x < Box.X; x++)
        {
            var i = (z * Box.Y + y) * Box.X + x;
            var inside = (x - 5.5) * (x - 5.5) + (y - 5.5) * (y - 5.5) + (z - 5.5) * (z - 5.5) < 16;
            truth[i] = inside ? (byte)1 : (byte)0;
            image[i] = inside ? 1f : 0.1f;
        }
        return new LabeledVolume(name, Box, 1, image, truth, labelSet: labels ?? Ball);
    }

    private static ExperimentSpec Spec(params string[] ids) => new()
    {
        Model = ModelKind.ThreeD,
        Preset = "smoke",
        Iterations = 3,
        EvaluateEvery = 0,
        Datasets = ids.Select(id => new DatasetSelection(id)).ToArray(),
    };

    [Fact]
    public void The_paper_set_keeps_its_names_and_stored_unlabeled_value()
    {
        Assert.Equal(["inside tubule", "tubule", "background"], LabelSet.Paper.Names);
        Assert.Equal(SegmentationLabels.Unlabeled, LabelSet.Paper.Unlabeled);
        Assert.Equal("tubule", SegmentationLabels.Name(1));
        Assert.Equal("unlabeled", SegmentationLabels.Name(3));
        Assert.Equal(SegmentationLabels.Unlabeled, Ball.Unlabeled);
        Assert.Equal(byte.MaxValue, new LabelSet(["a", "b", "c", "d"]).Unlabeled);
    }

    [Theory]
    [InlineData(new[] { "only" }, "2 to 16")]
    [InlineData(new[] { "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q" }, "not 17")]
    [InlineData(new[] { "ball", "Ball" }, "distinct")]
    [InlineData(new[] { "ball", " " }, "class 1 has an empty name")]
    public void Bad_class_lists_are_refused_with_the_reason(string[] names, string reason)
    {
        var problem = LabelSet.Problem(names);
        Assert.NotNull(problem);
        Assert.Contains(reason, problem);
        Assert.Throws<ArgumentException>(() => new LabelSet(names));
    }

    [Fact]
    public void A_two_class_network_predicts_two_channels()
    {
        using var model = UNetFactory.Create(new UNetConfig(3, 1, Ball.Count, 4, 2, BatchNorm: true));
        long size = model.Geometry.SmallestValidInputAtLeast(16);
        using var noGrad = no_grad();
        using var output = model.forward(zeros([1, 1, size, size, size]));
        Assert.Equal(2, output.shape[1]);
    }

    [Fact]
    public void Two_classes_give_a_two_by_two_confusion_matrix_and_two_balanced_weights()
    {
        var matrix = new ConfusionMatrix(Ball.Count);
        matrix.Add([0, 0, 1, 1, 1], [0, 1, 1, 1, 0]);
        Assert.Equal(1.0 / 3, matrix.IntersectionOverUnion(0), 12);
        Assert.Equal(2.0 / 4, matrix.IntersectionOverUnion(1), 12);
        Assert.Equal(5, matrix.Total);

        var annotation = SparseAnnotation.FromLabelVolume(new VolumeShape(1, 1, 5), [0, 1, 1, 1, 9], unlabeledValue: 9, labelSet: Ball);
        var weights = ClassWeighting.Balanced([annotation], Ball.Count);
        // 4 labelled voxels, counts 1/3: w = 4 / (2 · n).
        Assert.Equal([2f, 4f / 6f], weights);
        Assert.Equal(4, annotation.LabeledVoxels);
    }

    [Fact]
    public void More_than_three_classes_mark_unlabeled_voxels_255()
    {
        var five = new LabelSet(["a", "b", "c", "d", "e"]);
        var annotation = SparseAnnotation.FromLabelVolume(new VolumeShape(1, 1, 4), [3, 4, 7, 0], unlabeledValue: 7, labelSet: five);
        Assert.Equal([3, 4, 255, 0], annotation.Labels);
        Assert.Equal(3, annotation.LabeledVoxels);
        var error = Assert.Throws<ArgumentException>(() => SparseAnnotation.FromLabelVolume(new VolumeShape(1, 1, 2), [5, 0], unlabeledValue: 7, labelSet: five));
        Assert.Contains("label 5, outside 0..4", error.Message);
    }

    [Fact]
    public void A_two_class_dataset_trains_and_names_its_two_classes()
    {
        var result = new ExperimentRunner(CPU, new Datasets(BallInBox("box"))).Run(Spec("box"));

        Assert.Equal(["outside", "ball"], result.Classes);
        Assert.Equal(2, result.ClassWeights.Count);
        var sample = Assert.Single(result.Samples);
        Assert.Equal(2, sample.ClassIoU.Count);
        Assert.Equal(2, sample.ClassDice.Count);
        Assert.Equal([1], result.IoUClasses);
        Assert.Equal("ball", result.IoUClassNames);
        Assert.Equal(sample.ClassIoU[1], sample.IoU, 12);
    }

    [Fact]
    public void The_headline_class_chooses_the_headline_iou()
    {
        var result = new ExperimentRunner(CPU, new Datasets(BallInBox("box"))).Run(Spec("box") with { HeadlineClass = 0 });
        Assert.Equal([0], result.IoUClasses);
        Assert.Equal("outside", result.IoUClassNames);
        Assert.Equal(result.Samples[0].ClassIoU[0], result.Samples[0].IoU, 12);
    }

    [Fact]
    public void The_phantom_headline_stays_the_tubule()
    {
        var spec = new ExperimentSpec { Model = ModelKind.ThreeD };
        Assert.Equal(1, spec.HeadlineClass);
        Assert.Equal([1], spec.Resolved().IouClasses);
        Assert.Empty(spec.Problems());
    }

    [Fact]
    public void Class_fields_are_checked_against_the_data_class_count()
    {
        var spec = Spec("box") with { ClassWeights = [1f, 1f, 1f], IouClasses = [2], HeadlineClass = 2 };
        Assert.Empty(spec.Problems()); // named datasets: their classes are not known yet
        var problems = Assert.Throws<InvalidExperimentSpecException>(() => ExperimentData.Prepare(spec, new Datasets(BallInBox("box")))).Problems;
        Assert.Equal(["classWeights", "iouClasses", "headlineClass"], problems.Select(p => p.Field));
        Assert.Contains("the data has 2 classes", problems[2].Message);

        var phantom = new ExperimentSpec { Model = ModelKind.ThreeD, HeadlineClass = 3 };
        Assert.Contains(phantom.Problems(), p => p.Field == "headlineClass" && p.Message.Contains("from 0 to 2"));
    }

    [Fact]
    public void Datasets_with_different_class_lists_are_refused_naming_both()
    {
        var other = BallInBox("cells", new LabelSet(["outside", "cell"]));
        var spec = Spec("box") with { TestDatasets = [new DatasetSelection("cells")] };
        var problem = Assert.Single(Assert.Throws<InvalidExperimentSpecException>(() =>
            ExperimentData.Prepare(spec, new Datasets(BallInBox("box"), other))).Problems);
        Assert.Equal("datasets", problem.Field);
        Assert.Contains("'cells'", problem.Message);
        Assert.Contains("'box'", problem.Message);
    }
}
