using UNet3D.Lab.Experiments.Models;
using UNet3D.Lab.Experiments.Presets;

namespace UNet3D.Lab.Experiments.Tests;

public sealed class ExperimentPresetsTests
{
    public static TheoryData<string> Names => new(ExperimentPresets.All.Select(p => p.Name));

    [Theory]
    [MemberData(nameof(Names))]
    public void Training_and_inference_tiles_are_valid_and_prediction_tiles_are_no_smaller(string name)
    {
        var preset = ExperimentPresets.Get(name);
        var geometry = new UNetGeometry(preset.Levels);
        var training = geometry.OutputShape(preset.TileInput);
        var inference = geometry.OutputShape(preset.InferenceTileInput);
        Assert.All(training.Zip(inference), pair => Assert.True(pair.Second >= pair.First));
    }

    [Fact]
    public void Cpu_preset_anneals_its_rate_and_its_recipe_says_so()
    {
        Assert.Equal("2 levels, 8 base channels, 36×36×36 tiles (x×y×z; 2D models the x×y part), Adam lr 0.005, cosine rate",
            ExperimentPresets.Cpu.Recipe);
        Assert.Equal(Training.LearningRateSchedule.Constant, ExperimentPresets.Paper.Schedule);
    }

    [Fact]
    public void An_experiment_takes_its_presets_schedule_unless_it_names_one()
    {
        var spec = new Runs.ExperimentSpec { Model = Runs.ModelKind.ThreeD, Preset = "cpu" };
        Assert.Equal(Training.LearningRateSchedule.Cosine, spec.EffectiveSchedule);
        Assert.Equal(Training.LearningRateSchedule.Constant, (spec with { Schedule = Training.LearningRateSchedule.Constant }).EffectiveSchedule);
        Assert.Equal(Training.LearningRateSchedule.Constant, (spec with { Preset = "smoke" }).EffectiveSchedule);
    }

    [Fact]
    public void Unknown_preset_lists_the_known_ones()
    {
        var error = Assert.Throws<ArgumentException>(() => ExperimentPresets.Get("huge"));
        Assert.Contains("smoke, cpu, paper", error.Message);
    }
}
