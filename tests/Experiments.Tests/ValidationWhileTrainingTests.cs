using TorchSharp;
using UNet3D.Lab.Experiments.Data;
using UNet3D.Lab.Experiments.Models;
using UNet3D.Lab.Experiments.Presets;
using UNet3D.Lab.Experiments.Runs;
using UNet3D.Lab.Experiments.Training;
using static TorchSharp.torch;

namespace UNet3D.Lab.Experiments.Tests;

/// <summary>The held-out IoU measured while the network trains: when, what, and that it changes nothing of the training.</summary>
public sealed class ValidationWhileTrainingTests
{
    private static readonly ExperimentSpec Smoke = new() { Model = ModelKind.ThreeD, Preset = "smoke", Seed = 6, Iterations = 8 };

    [Fact]
    public void Measuring_while_training_leaves_the_loss_curve_and_the_result_as_they_are()
    {
        var quiet = new List<TrainingProgress>();
        var measured = new List<TrainingProgress>();
        var without = new ExperimentRunner(CPU).Run(Smoke with { EvaluateEvery = 0 }, quiet.Add);
        var with = new ExperimentRunner(CPU).Run(Smoke with { EvaluateEvery = 3 }, measured.Add);

        Assert.Equal(quiet.Select(p => p.Loss), measured.Select(p => p.Loss));
        Assert.Equal(without.Samples.Select(s => s.ClassIoU.ToArray()), with.Samples.Select(s => s.ClassIoU.ToArray()));
        Assert.Equal(without.MeanIoU, with.MeanIoU);
        Assert.Equal(0, without.ValidationSeconds);
        Assert.True(with.ValidationSeconds > 0, "the measurements' time is reported");

        // Every third step but the last, which the final metrics measure.
        Assert.DoesNotContain(quiet, p => p.Validation is not null);
        Assert.Equal([3, 6], measured.Where(p => p.Validation is not null).Select(p => p.Step));
        Assert.All(measured.Select(p => p.Validation).OfType<Metrics.ValidationScore>(), v =>
        {
            Assert.InRange(v.HeadlineIoU, 0, 1);
            Assert.Equal(SegmentationLabels.ClassCount, v.ClassIoU.Count);
            Assert.Equal(v.ClassIoU[SegmentationLabels.Tubule], v.HeadlineIoU); // the default headline is the tubule class
        });
    }

    [Fact]
    public void The_final_metrics_are_the_last_point_of_the_validation_curve()
    {
        var result = new ExperimentRunner(CPU).Run(Smoke with { Iterations = 3, IouClasses = [0, 1] });
        var last = result.Validation;
        Assert.Equal(result.MeanIoU, last.HeadlineIoU);
        for (var label = 0; label < SegmentationLabels.ClassCount; label++)
            Assert.Equal(result.Samples.Select(s => s.ClassIoU[label]).Where(double.IsFinite).Average(), last.ClassIoU[label], 12);
    }

    [Fact]
    public void Each_step_reports_the_learning_rate_it_used()
    {
        var steps = new List<TrainingProgress>();
        new ExperimentRunner(CPU).Run(Smoke with { Iterations = 5, Schedule = LearningRateSchedule.Cosine, LearningRate = 0.01, EvaluateEvery = 0 }, steps.Add);
        Assert.Equal(Enumerable.Range(1, 5).Select(s => LearningRates.At(LearningRateSchedule.Cosine, 0.01, s, 5)), steps.Select(p => p.LearningRate));
        Assert.Equal(0.01, steps[0].LearningRate);
        Assert.True(steps[^1].LearningRate < 0.001);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Validation_reads_batchnorm_statistics_without_changing_them_and_leaves_the_model_training(bool batchStatistics)
    {
        var spec = Smoke.Resolved();
        var data = ExperimentData.Prepare(spec, PhantomDatasets.Shared);
        var preset = ExperimentPresets.Smoke;
        using var model = UNetFactory.Create(new UNetConfig(3, data.Channels, SegmentationLabels.ClassCount, preset.BaseChannels, preset.Levels, BatchNorm: true));
        WeightInitialisation.Apply(model, seed: 2);
        model.train();
        // Running statistics that differ from their initial values, as after some training.
        using (no_grad())
        {
            random.manual_seed(3);
            model.forward(randn([1, data.Channels, .. preset.TileInput.Select(s => (long)s)]) * 2 + 1).Dispose();
        }
        var before = model.named_buffers().ToDictionary(b => b.name, b => b.buffer.clone());

        var evaluation = new HeldOutEvaluation(model, data.Evaluation, preset.InferenceTileFor(3), batchStatistics, spec.EffectiveIouClasses, CPU);
        var score = evaluation.Validate();

        Assert.InRange(score.HeadlineIoU, 0, 1);
        Assert.NotEmpty(before);
        foreach (var (name, buffer) in model.named_buffers())
            Assert.True(buffer.eq(before[name]).all().item<bool>(), $"BatchNorm buffer {name} changed");
        Assert.True(model.training);
        Assert.All(model.modules(), m => Assert.True(m.training, $"{m.GetName()} left in eval mode"));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(ExperimentSpec.MaxIterations + 1)]
    public void A_negative_or_huge_interval_is_a_problem_naming_the_field(int every)
    {
        var problem = Assert.Single((Smoke with { EvaluateEvery = every }).Problems());
        Assert.Equal("evaluateEvery", problem.Field);
        Assert.Contains(every.ToString(System.Globalization.CultureInfo.InvariantCulture), problem.Message);
    }

    [Fact]
    public void Without_an_interval_the_presets_is_taken()
    {
        Assert.Equal(ExperimentPresets.Cpu.EvaluateEvery, (Smoke with { Preset = "cpu" }).Resolved().EvaluateEvery);
        Assert.Equal(0, (Smoke with { EvaluateEvery = 0 }).Resolved().EvaluateEvery);
        Assert.All(ExperimentPresets.All, p => Assert.True(p.EvaluateEvery > 0));
    }
}
