using UNet3D.Lab.Experiments.Models;

namespace UNet3D.Lab.Experiments.Inference;

/// <summary>
/// Chooses the prediction tile for a volume from a memory budget. An unpadded U-Net's input tile carries a fixed
/// margin of context per axis (88 voxels for the paper's network), so small tiles spend most of their work on
/// context: the paper's 132×132×116 tile yields only 44×44×28 voxels. The planner covers the volume with the fewest
/// input voxels whose tile fits the budget; the labels do not depend on the tiling (eval mode, running statistics).
/// </summary>
public static class InferenceTilePlanner
{
    private const int BytesPerValue = sizeof(float);

    /// <summary>
    /// A third of the memory this process may use, at most 8 GiB: room for the lab beside one prediction (the
    /// estimate errs high: 6.0 GiB estimated, 4.7 GiB resident for the paper network's 212×332×156 tile).
    /// </summary>
    public static long DefaultBudgetBytes
    {
        get
        {
            var available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
            return Math.Min(8L << 30, available > 0 ? available / 3 : 4L << 30);
        }
    }

    /// <summary>The input tile (one size per spatial axis, in the volume's axis order) for a volume of <paramref name="extent"/>.</summary>
    public static int[] Plan(UNetConfig config, IReadOnlyList<int> extent, long budgetBytes)
    {
        if (extent.Count != config.SpatialDimensions)
            throw new ArgumentException($"A {config.SpatialDimensions}D model needs {config.SpatialDimensions} extents, got {extent.Count}.", nameof(extent));
        var geometry = new UNetGeometry(config.Levels);
        var candidates = extent.Select(size => AxisCandidates(geometry, size)).ToArray();

        int[]? best = null;
        var bestCost = double.MaxValue;
        var bestTiles = long.MaxValue;
        foreach (var choice in Combinations(candidates))
        {
            var tile = choice.Select(c => c.Input).ToArray();
            if (PeakBytes(config, tile) > budgetBytes) continue;
            var tiles = choice.Aggregate(1L, (n, c) => n * c.Tiles);
            var cost = tiles * tile.Aggregate(1.0, (v, s) => v * s);
            if (cost < bestCost || (cost == bestCost && tiles < bestTiles)) (best, bestCost, bestTiles) = (tile, cost, tiles);
        }
        // Nothing fits: the smallest tile there is, which any machine that can hold the network can run.
        return best ?? extent.Select(_ => geometry.SmallestValidInputAtLeast(1)).ToArray();
    }

    /// <summary>
    /// Estimated peak bytes of one forward pass over <paramref name="tileInput"/> without autograd: the largest
    /// level's live activations (its input, the channels-last copy oneDNN reads, both convolution outputs; in the
    /// synthesis path also the up-convolution, the skip and their concatenation) plus the skips held for later.
    /// </summary>
    public static long PeakBytes(UNetConfig config, IReadOnlyList<int> tileInput)
    {
        var levels = config.Levels;
        var analysisVoxels = new double[levels];
        var synthesisVoxels = new double[levels];
        for (var level = 0; level < levels; level++) (analysisVoxels[level], synthesisVoxels[level]) = (1, 1);
        foreach (var input in tileInput)
        {
            var size = (double)input;
            for (var level = 0; level < levels; level++)
            {
                analysisVoxels[level] *= size;
                size -= 4;
                if (level < levels - 1) size /= 2;
            }
            for (var level = levels - 2; level >= 0; level--)
            {
                size *= 2;
                synthesisVoxels[level] *= size;
                size -= 4;
            }
        }

        double peak = 0, heldSkips = 0;
        for (var level = 0; level < levels; level++)
        {
            var inputChannels = level == 0 ? Math.Max(config.InputChannels, OneDnnConvolutionPadding) : config.AnalysisChannels(level - 1);
            var live = analysisVoxels[level] * (2 * inputChannels + (config.BaseChannels << level) + config.AnalysisChannels(level));
            peak = Math.Max(peak, live + heldSkips);
            if (level < levels - 1) heldSkips += synthesisVoxels[level] * config.AnalysisChannels(level);
        }
        for (var level = levels - 2; level >= 0; level--)
        {
            heldSkips -= synthesisVoxels[level] * config.AnalysisChannels(level);
            var (own, below) = (config.AnalysisChannels(level), config.AnalysisChannels(level + 1));
            var live = synthesisVoxels[level] * (below + own + 2 * (own + below) + 2 * own);
            peak = Math.Max(peak, live + heldSkips);
        }
        return (long)(peak * BytesPerValue);
    }

    private const int OneDnnConvolutionPadding = 8;

    private readonly record struct AxisChoice(int Tiles, int Input);

    /// <summary>Per tile count along an axis, the smallest valid input whose output covers the axis in that many tiles.</summary>
    private static List<AxisChoice> AxisCandidates(UNetGeometry geometry, int extent)
    {
        var choices = new List<AxisChoice>();
        var smallestOutput = geometry.OutputSize(geometry.SmallestValidInputAtLeast(1));
        var maxTiles = (extent + smallestOutput - 1) / smallestOutput;
        for (var tiles = 1; tiles <= maxTiles; tiles++)
        {
            var needed = (extent + tiles - 1) / tiles;
            var input = geometry.SmallestValidInputAtLeast(1);
            while (geometry.OutputSize(input) < needed) input = geometry.SmallestValidInputAtLeast(input + 1);
            if (choices.Count == 0 || choices[^1].Input != input) choices.Add(new AxisChoice(tiles, input));
        }
        return choices;
    }

    private static IEnumerable<AxisChoice[]> Combinations(List<AxisChoice>[] axes)
    {
        var index = new int[axes.Length];
        while (true)
        {
            yield return axes.Select((choices, axis) => choices[index[axis]]).ToArray();
            var a = axes.Length - 1;
            while (a >= 0 && ++index[a] == axes[a].Count) index[a--] = 0;
            if (a < 0) yield break;
        }
    }
}
