using TorchSharp;
using UNet3D.Lab.Experiments.Data;
using UNet3D.Lab.Experiments.Runs;
using UNet3D.Lab.Experiments.Training;
using static TorchSharp.torch;

namespace UNet3D.Lab.Experiments.Tests;

public sealed class TrainingTests
{
    private static readonly ExperimentSpec Smoke = new() { Name = "t", Model = ModelKind.ThreeD, Preset = "smoke", Seed = 5, Iterations = 40 };

    [Fact]
    public void Smoke_training_lowers_the_loss_and_scores_every_sample()
    {
        var curve = new List<TrainingProgress>();
        var result = new ExperimentRunner(CPU).Run(Smoke, curve.Add);

        Assert.Equal(40, curve.Count);
        Assert.Equal(Enumerable.Range(1, 40), curve.Select(p => p.Step));
        var first = curve.Take(10).Average(p => p.Loss);
        var last = curve.TakeLast(10).Average(p => p.Loss);
        Assert.True(last < 0.8 * first, $"loss did not fall: first 10 steps {first:F3}, last 10 {last:F3}");

        Assert.Equal(["S1", "S2", "S3"], result.Samples.Select(s => s.Sample));
        Assert.All(result.Samples, s => Assert.InRange(s.IoU, 0.0, 1.0));
        Assert.All(result.Samples, s => Assert.True(s.EvaluatedVoxels > 0));
    }

    [Fact]
    public void Same_seed_gives_the_same_curve_on_the_cpu()
    {
        var spec = Smoke with { Iterations = 8, Model = ModelKind.TwoD };
        var a = new List<double>();
        var b = new List<double>();
        new ExperimentRunner(CPU).Run(spec, p => a.Add(p.Loss));
        new ExperimentRunner(CPU).Run(spec, p => b.Add(p.Loss));
        Assert.Equal(a, b);
    }

    [Fact]
    public void Cancellation_stops_training()
    {
        using var cancel = new CancellationTokenSource();
        var steps = 0;
        Assert.ThrowsAny<OperationCanceledException>(() =>
            new ExperimentRunner(CPU).Run(Smoke with { Iterations = 1000 }, p => { if (++steps == 3) cancel.Cancel(); }, cancel.Token));
        Assert.Equal(3, steps);
    }

    [Theory]
    [InlineData("learningRate")]
    [InlineData("gradientClipNorm")]
    [InlineData("iouClasses")]
    [InlineData("classWeights")]
    public void Invalid_training_options_name_the_field(string field)
    {
        var spec = field switch
        {
            "learningRate" => Smoke with { LearningRate = -1 },
            "gradientClipNorm" => Smoke with { GradientClipNorm = double.NaN },
            "classWeights" => Smoke with { ClassWeights = [1f, -2f, 1f] },
            _ => Smoke with { IouClasses = [1, 3] },
        };
        Assert.Equal(field, Assert.Single(spec.Problems()).Field);
    }

    [Fact]
    public void Given_class_weights_are_used_instead_of_computed_ones()
    {
        var result = new ExperimentRunner(CPU).Run(Smoke with { Iterations = 2, ClassWeights = [3f, 2f, 0.5f] });
        Assert.Equal([3f, 2f, 0.5f], result.ClassWeights);
    }

    [Fact]
    public void Datasets_only_tested_on_come_last_with_no_annotated_share()
    {
        var result = new ExperimentRunner(CPU).Run(Smoke with
        {
            Iterations = 2,
            Datasets = [new DatasetSelection("phantom-tiny-s1")],
            TestDatasets = [new DatasetSelection("phantom-tiny-s3")],
        });
        Assert.Equal(["phantom-tiny-s1", "phantom-tiny-s3"], result.Samples.Select(s => s.Sample));
        Assert.InRange(result.Samples[0].AnnotatedFraction, 0.001, 0.5);
        Assert.Equal(0, result.Samples[1].AnnotatedFraction);
    }

    [Fact]
    public void Headline_iou_averages_the_chosen_classes()
    {
        var result = new ExperimentRunner(CPU).Run(Smoke with { Iterations = 3, IouClasses = [0, 1, 2] });
        Assert.Equal([0, 1, 2], result.IoUClasses);
        foreach (var sample in result.Samples)
            Assert.Equal(sample.ClassIoU.Where(double.IsFinite).Average(), sample.IoU, 10);
    }

    [Fact]
    public void Invalid_spec_names_the_field()
    {
        var error = Assert.Throws<InvalidExperimentSpecException>(() =>
            new ExperimentRunner(CPU).Run(Smoke with { AnnotatedSlices = [1, 2] }));
        Assert.Equal("annotatedSlices", Assert.Single(error.Problems).Field);
    }
}
