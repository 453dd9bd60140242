using System.Globalization;
using UNet3D.Lab.Experiments.Training;

namespace UNet3D.Lab.Experiments.Presets;

/// <summary>
/// A named size class of an experiment: network width and depth, training tile, default training budget and
/// which size of the built-in phantom it learns from when no dataset is named, whether augmentation is on unless asked otherwise, and the tile
/// used for prediction, and the learning-rate schedule unless an experiment names one. 2D models use the in-plane
/// (Y, X) part of the tiles.
/// </summary>
/// <param name="EvaluateEvery">Steps between measurements of the held-out IoU unless an experiment names its own:
/// one measurement costs a fixed number of training steps at a preset, so a fixed interval costs the same share of
/// any run's training time (docs/engine.md, "Validation while training").</param>
/// <param name="NeedsGpu">Whether its runs wait for a GPU slot: on a CPU one they would take months.</param>
public sealed record ExperimentPreset(
    string Name,
    string Description,
    int BaseChannels,
    int Levels,
    IReadOnlyList<int> TileInput,
    int DefaultIterations,
    OptimizerKind Optimizer,
    double LearningRate,
    LearningRateSchedule Schedule,
    PhantomVariant Phantom,
    bool AugmentByDefault,
    IReadOnlyList<int> InferenceTileInput,
    int EvaluateEvery,
    bool NeedsGpu = false)
{
    /// <summary>Training tile for a model of <paramref name="spatialDimensions"/> dimensions: (Z, Y, X) or (Y, X).</summary>
    public IReadOnlyList<int> TileFor(int spatialDimensions) =>
        spatialDimensions == 3 ? TileInput : TileInput.Skip(1).ToArray();

    /// <summary>
    /// Tile for prediction: larger than the training tile where memory allows, since the result does not depend on
    /// the tile size and a larger tile wastes less of its input on context.
    /// </summary>
    public IReadOnlyList<int> InferenceTileFor(int spatialDimensions) =>
        spatialDimensions == 3 ? InferenceTileInput : InferenceTileInput.Skip(1).ToArray();

    /// <summary>The network and training recipe in words, for the notes printed with a result.</summary>
    public string Recipe => string.Create(CultureInfo.InvariantCulture,
        $"{Levels} levels, {BaseChannels} base channels, {string.Join("×", TileInput.Reverse())} tiles (x×y×z; 2D models the x×y part), {Optimizer} lr {LearningRate}, {Schedule.ToString().ToLowerInvariant()} rate");
}
