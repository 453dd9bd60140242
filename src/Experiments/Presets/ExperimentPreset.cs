using UNet3D.Lab.Experiments.Data;
using UNet3D.Lab.Experiments.Training;

namespace UNet3D.Lab.Experiments.Presets;

/// <summary>
/// A named size class of an experiment: network width and depth, training tile, default training budget and
/// the size of the built-in synthetic volumes, and whether augmentation is on unless asked otherwise. 2D models
/// use the in-plane (Y, X) part of the tile.
/// </summary>
public sealed record ExperimentPreset(
    string Name,
    string Description,
    int BaseChannels,
    int Levels,
    IReadOnlyList<int> TileInput,
    int DefaultIterations,
    OptimizerKind Optimizer,
    double LearningRate,
    VolumeShape SyntheticVolume,
    bool AugmentByDefault)
{
    /// <summary>Training tile for a model of <paramref name="spatialDimensions"/> dimensions: (Z, Y, X) or (Y, X).</summary>
    public IReadOnlyList<int> TileFor(int spatialDimensions) =>
        spatialDimensions == 3 ? TileInput : TileInput.Skip(1).ToArray();
}
