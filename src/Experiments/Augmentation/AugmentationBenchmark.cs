using System.Diagnostics;
using UNet3D.Lab.Experiments.Presets;
using static TorchSharp.torch;

namespace UNet3D.Lab.Experiments.Augmentation;

/// <summary>
/// Times the full default augmentation (elastic, rotation, scaling, gray values) of a 3-channel tile at the
/// <c>cpu</c> and <c>paper</c> presets' input tile sizes, to check it stays cheap next to a training step.
/// </summary>
public static class AugmentationBenchmark
{
    private const int Channels = 3;

    /// <summary>Median milliseconds per tile over <paramref name="repetitions"/> runs, after one warm-up run.</summary>
    public static IReadOnlyList<(string Tile, double MillisecondsPerTile)> Run(int repetitions = 5, Device? device = null)
    {
        if (repetitions < 1) throw new ArgumentOutOfRangeException(nameof(repetitions), repetitions, "At least one repetition is needed.");
        device ??= CPU;
        var augmenter = new TileAugmenter(new AugmentationSettings());
        var random = new Random(2016);
        var results = new List<(string, double)>();
        foreach (var preset in new[] { ExperimentPresets.Cpu, ExperimentPresets.Paper })
        {
            var extent = preset.TileInput.Select(e => (long)e).ToArray();
            using var scope = NewDisposeScope();
            // Content does not matter for speed; a fixed pattern avoids touching libtorch's process-wide generator.
            var voxels = extent.Aggregate(1L, (product, e) => product * e);
            var image = arange(Channels * voxels, ScalarType.Float32, device).remainder_(7).reshape([Channels, .. extent]);
            var labels = arange(voxels, ScalarType.Int64, device).remainder_(4).reshape(extent);

            var timings = new double[repetitions];
            for (var run = -1; run < repetitions; run++)
            {
                var stopwatch = Stopwatch.StartNew();
                var (augmentedImage, augmentedLabels) = augmenter.Augment(image, labels, random);
                // Waits for asynchronous devices; a no-op cost on the CPU.
                _ = augmentedLabels[0].sum().item<long>();
                stopwatch.Stop();
                augmentedImage.Dispose();
                augmentedLabels.Dispose();
                if (run >= 0) timings[run] = stopwatch.Elapsed.TotalMilliseconds;
            }
            Array.Sort(timings);
            var median = repetitions % 2 == 1
                ? timings[repetitions / 2]
                : (timings[repetitions / 2 - 1] + timings[repetitions / 2]) / 2;
            results.Add(($"{preset.Name} {string.Join("×", extent)}", median));
        }
        return results;
    }
}
