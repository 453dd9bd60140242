using UNet3D.Lab.Experiments.Augmentation;
using static TorchSharp.torch;

namespace UNet3D.Lab.Experiments.Training;

/// <summary>
/// Draws random training tiles whose output region contains at least one labelled voxel: first a labelled voxel,
/// then an output window that covers it. Deterministic for a given <see cref="Random"/>.
/// The input tile carries the network's context; labels cover the output window only.
/// </summary>
internal sealed class TileSampler
{
    private readonly IReadOnlyList<TrainingRegion> regions;
    private readonly int[] tileInput;
    private readonly int[] tileOutput;

    public TileSampler(IReadOnlyList<TrainingRegion> regions, int[] tileInput, int[] tileOutput)
    {
        if (regions.Count == 0 || regions.All(r => r.LabeledPositions.Length == 0))
            throw new ArgumentException("No labelled voxel to train on.", nameof(regions));
        this.regions = regions.Where(r => r.LabeledPositions.Length > 0).ToArray();
        this.tileInput = tileInput;
        this.tileOutput = tileOutput;
    }

    /// <summary>Input [1, C, *tileInput] and labels [1, *tileOutput], views into the prepared regions.</summary>
    /// <param name="augmenter">Deforms image and labels of the input window together before the labels are cut
    /// to the output window; null draws the tile as it is.</param>
    public (Tensor Input, Tensor Labels) Next(Random random, TileAugmenter? augmenter = null)
    {
        var region = regions[random.Next(regions.Count)];
        var position = region.LabeledPositions[random.Next(region.LabeledPositions.Length)];
        var coordinates = Unravel(position, region.Extent);

        var input = region.PaddedImage;
        var labels = region.PaddedLabels;
        for (var a = 0; a < tileInput.Length; a++)
        {
            var latest = Math.Max(0, region.Extent[a] - tileOutput[a]);
            var start = Math.Clamp(coordinates[a] - random.Next(tileOutput[a]), 0, latest);
            input = input.narrow(a + 1, start, tileInput[a]);
            labels = labels.narrow(a, start, tileInput[a]);
        }
        if (augmenter is not null) (input, labels) = augmenter.Augment(input, labels, random);
        for (var a = 0; a < tileInput.Length; a++)
            labels = labels.narrow(a, (tileInput[a] - tileOutput[a]) / 2, tileOutput[a]);
        return (input.unsqueeze(0), labels.unsqueeze(0));
    }

    private static int[] Unravel(int index, int[] extent)
    {
        var coordinates = new int[extent.Length];
        for (var a = extent.Length - 1; a >= 0; a--)
        {
            coordinates[a] = index % extent[a];
            index /= extent[a];
        }
        return coordinates;
    }
}
