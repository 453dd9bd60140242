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
    public void Unknown_preset_lists_the_known_ones()
    {
        var error = Assert.Throws<ArgumentException>(() => ExperimentPresets.Get("huge"));
        Assert.Contains("smoke, cpu, paper", error.Message);
    }
}
