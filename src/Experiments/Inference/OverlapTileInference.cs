using UNet3D.Lab.Experiments.Models;
using static TorchSharp.torch;

namespace UNet3D.Lab.Experiments.Inference;

/// <summary>
/// Seamless prediction of an image of any size with a network of unpadded convolutions (overlap-tile strategy):
/// output tiles cover the image edge to edge, each input tile carries the context its output needs, and
/// missing context at the borders is mirrored. Because every output voxel sees exactly its receptive field,
/// the result does not depend on the tile size (in eval mode).
/// </summary>
public sealed class OverlapTileInference
{
    private readonly UNet model;
    private readonly int[] tileInput;
    private readonly int[] tileOutput;

    public OverlapTileInference(UNet model, IReadOnlyList<int> tileInput)
    {
        this.model = model;
        if (tileInput.Count != model.Config.SpatialDimensions)
            throw new ArgumentException($"A {model.Config.SpatialDimensions}D model needs {model.Config.SpatialDimensions} tile sizes, got {tileInput.Count}.", nameof(tileInput));
        this.tileInput = tileInput.ToArray();
        tileOutput = model.Geometry.OutputShape(tileInput);
    }

    public IReadOnlyList<int> TileInput => tileInput;

    public IReadOnlyList<int> TileOutput => tileOutput;

    /// <summary>Class probabilities [K, *spatial] for an image [C, *spatial].</summary>
    public Tensor PredictProbabilities(Tensor image)
    {
        var dims = tileInput.Length;
        if (image.dim() != dims + 1)
            throw new ArgumentException($"Expected an image [C, {dims} spatial axes], got shape [{string.Join(", ", image.shape)}].", nameof(image));

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var extent = Enumerable.Range(0, dims).Select(a => (int)image.shape[a + 1]).ToArray();
        var tiles = Enumerable.Range(0, dims).Select(a => (extent[a] + tileOutput[a] - 1) / tileOutput[a]).ToArray();
        var margin = Enumerable.Range(0, dims).Select(a => (tileInput[a] - tileOutput[a]) / 2).ToArray();
        var after = Enumerable.Range(0, dims).Select(a => margin[a] + tiles[a] * tileOutput[a] - extent[a]).ToArray();
        var padded = MirrorPadding.Pad(image, 1, margin, after);

        var covered = new long[dims + 1];
        covered[0] = model.Config.Classes;
        for (var a = 0; a < dims; a++) covered[a + 1] = (long)tiles[a] * tileOutput[a];
        var output = zeros(covered, dtype: ScalarType.Float32, device: image.device);

        foreach (var tile in TileGrid(tiles))
        {
            using var tileScope = NewDisposeScope();
            var input = padded;
            var target = output;
            for (var a = 0; a < dims; a++)
            {
                input = input.narrow(a + 1, (long)tile[a] * tileOutput[a], tileInput[a]);
                target = target.narrow(a + 1, (long)tile[a] * tileOutput[a], tileOutput[a]);
            }
            var probabilities = model.forward(input.unsqueeze(0)).softmax(1).squeeze(0);
            target.copy_(probabilities);
        }

        var result = output;
        for (var a = 0; a < dims; a++) result = result.narrow(a + 1, 0, extent[a]);
        return result.contiguous().MoveToOuterDisposeScope();
    }

    private static IEnumerable<int[]> TileGrid(int[] tiles)
    {
        var index = new int[tiles.Length];
        while (true)
        {
            yield return (int[])index.Clone();
            var axis = tiles.Length - 1;
            while (axis >= 0 && ++index[axis] == tiles[axis]) index[axis--] = 0;
            if (axis < 0) yield break;
        }
    }
}
