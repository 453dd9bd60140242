using UNet3D.Lab.Experiments.Models;
using UNet3D.Lab.Experiments.Training;
using static TorchSharp.torch;

namespace UNet3D.Lab.Experiments.Inference;

/// <summary>
/// Segments a whole volume [C, Z, Y, X]: a 3D model by overlap-tiling the volume, a 2D model slice by slice
/// along z (each xy plane as an independent image, as the paper's 2D baseline). With running statistics the
/// BatchNorm layers are folded into the convolutions for the prediction; the model itself is not changed. The
/// convolutions compute in the run's <see cref="Precision"/> (<see cref="Autocast"/>); probabilities are float32.
/// </summary>
public sealed class VolumePredictor
{
    private readonly UNet model;
    private readonly int[]? tileInput;
    private readonly long budgetBytes;
    private readonly bool batchStatistics;
    private readonly Precision precision;

    /// <param name="tileInput">Input tile for a 3D model (Z, Y, X), or the in-plane (Y, X) tile of a 2D model.</param>
    /// <param name="batchStatistics">BatchNorm normalises each tile with its own statistics, as the paper did at
    /// test time; the default uses the running statistics, which makes the result independent of the tiling.</param>
    public VolumePredictor(UNet model, IReadOnlyList<int> tileInput, bool batchStatistics = false, Precision precision = Precision.Fp32)
    {
        this.model = model;
        this.batchStatistics = batchStatistics;
        this.precision = precision;
        this.tileInput = tileInput.ToArray();
        model.Geometry.OutputShape(this.tileInput);
    }

    private VolumePredictor(UNet model, long budgetBytes, bool batchStatistics, Precision precision)
    {
        this.model = model;
        this.budgetBytes = budgetBytes;
        this.batchStatistics = batchStatistics;
        this.precision = precision;
    }

    /// <summary>A predictor whose tile is planned per volume: the fewest voxels of work whose tile fits <paramref name="budgetBytes"/>.</summary>
    public static VolumePredictor WithinBudget(UNet model, long budgetBytes, bool batchStatistics = false, Precision precision = Precision.Fp32) =>
        budgetBytes > 0 ? new(model, budgetBytes, batchStatistics, precision) : throw new ArgumentOutOfRangeException(nameof(budgetBytes), budgetBytes, "The memory budget must be positive.");

    /// <summary>The input tile used for a volume of this shape [C, Z, Y, X].</summary>
    public IReadOnlyList<int> TileFor(IReadOnlyList<long> volumeShape)
    {
        if (tileInput is not null) return tileInput;
        var spatial = volumeShape.Skip(model.Config.SpatialDimensions == 3 ? 1 : 2).Select(s => (int)s).ToArray();
        return InferenceTilePlanner.Plan(model.Config, spatial, budgetBytes);
    }

    /// <summary>Class probabilities [K, Z, Y, X]. The model is put in eval mode.</summary>
    public Tensor PredictProbabilities(Tensor volume)
    {
        if (volume.dim() != 4)
            throw new ArgumentException($"Expected a volume [C, Z, Y, X], got shape [{string.Join(", ", volume.shape)}].", nameof(volume));
        model.eval();
        using var statistics = batchStatistics ? new BatchStatisticsScope(model) : null;
        using var folded = batchStatistics ? null : BatchNormFolding.FoldedCopy(model);
        using var inference = inference_mode();
        using var autocast = Autocast.Enter(precision);
        var tiling = new OverlapTileInference(folded ?? model, TileFor(volume.shape));
        if (model.Config.SpatialDimensions == 3) return tiling.PredictProbabilities(volume);

        using var scope = NewDisposeScope();
        var planes = new List<Tensor>((int)volume.shape[1]);
        for (long z = 0; z < volume.shape[1]; z++)
            planes.Add(tiling.PredictProbabilities(volume.select(1, z)));
        return stack(planes, 1).MoveToOuterDisposeScope();
    }

    /// <summary>The most probable label per voxel, (Z, Y, X) order.</summary>
    public byte[] PredictLabels(Tensor volume)
    {
        using var scope = NewDisposeScope();
        var labels = PredictProbabilities(volume).argmax(0).to_type(ScalarType.Byte).cpu();
        return labels.data<byte>().ToArray();
    }
}
