using UNet3D.Lab.Experiments.Augmentation;

namespace UNet3D.Lab.Experiments.Tests;

public sealed class AugmentationSettingsTests
{
    [Fact]
    public void Defaults_are_valid_and_use_the_papers_elastic_parameters()
    {
        var settings = new AugmentationSettings();
        settings.Validate();
        Assert.True(settings.Elastic && settings.Rotation && settings.Scaling && settings.GrayValue);
        Assert.Equal(4, settings.ElasticSigma);
        Assert.Equal(32, settings.ElasticGridSpacing);
        Assert.Equal(0, settings.MaxTiltDegrees);
    }

    [Fact]
    public void None_turns_every_transform_off()
    {
        AugmentationSettings.None.Validate();
        Assert.False(AugmentationSettings.None.AnyEnabled);
        Assert.False(AugmentationSettings.None.ChangesGeometry);
    }

    [Theory]
    [InlineData(nameof(AugmentationSettings.ElasticSigma))]
    [InlineData(nameof(AugmentationSettings.ElasticGridSpacing))]
    [InlineData(nameof(AugmentationSettings.MaxRotationDegrees))]
    [InlineData(nameof(AugmentationSettings.MaxTiltDegrees))]
    [InlineData(nameof(AugmentationSettings.MinScale))]
    [InlineData(nameof(AugmentationSettings.MaxScale))]
    [InlineData(nameof(AugmentationSettings.MinGain))]
    [InlineData(nameof(AugmentationSettings.MaxGain))]
    [InlineData(nameof(AugmentationSettings.MaxOffset))]
    public void Validate_names_the_bad_field(string field)
    {
        var valid = new AugmentationSettings();
        var bad = field switch
        {
            nameof(AugmentationSettings.ElasticSigma) => valid with { ElasticSigma = -1 },
            nameof(AugmentationSettings.ElasticGridSpacing) => valid with { ElasticGridSpacing = 1.5 },
            nameof(AugmentationSettings.MaxRotationDegrees) => valid with { MaxRotationDegrees = double.NaN },
            nameof(AugmentationSettings.MaxTiltDegrees) => valid with { MaxTiltDegrees = -5 },
            nameof(AugmentationSettings.MinScale) => valid with { MinScale = 0 },
            nameof(AugmentationSettings.MaxScale) => valid with { MinScale = 1.2, MaxScale = 1.1 },
            nameof(AugmentationSettings.MinGain) => valid with { MinGain = -0.1 },
            nameof(AugmentationSettings.MaxGain) => valid with { MinGain = 1.1, MaxGain = 0.9 },
            nameof(AugmentationSettings.MaxOffset) => valid with { MaxOffset = double.PositiveInfinity },
            _ => throw new ArgumentOutOfRangeException(nameof(field), field, "No bad value for this field."),
        };
        var error = Assert.Throws<ArgumentException>(bad.Validate);
        Assert.Equal(field, error.ParamName);
        Assert.Contains(field, error.Message);
        Assert.Equal(field, Assert.Throws<ArgumentException>(() => new TileAugmenter(bad)).ParamName);
    }
}
