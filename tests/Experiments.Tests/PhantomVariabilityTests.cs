using UNet3D.Lab.Experiments.Data;

namespace UNet3D.Lab.Experiments.Tests;

/// <summary>
/// What makes the phantom vary as confocal volumes do: within a volume (depth, uneven staining), and
/// between volumes (S3, the outlier, as the paper's third volume: other staining, intensity distribution and density).
/// </summary>
public sealed class PhantomVariabilityTests
{
    private static readonly Lazy<IReadOnlyList<LabeledVolume>> CpuSeed1 = new(() => XenopusPhantom.Generate(PhantomVariant.Cpu, seed: 1));

    [Fact]
    public void Walls_are_dimmer_deep_in_the_stack()
    {
        foreach (var volume in CpuSeed1.Value)
        {
            var quarter = Math.Max(1, volume.Shape.Z / 4);
            var top = MeanLectin(volume, SegmentationLabels.Tubule, z => z < quarter);
            var bottom = MeanLectin(volume, SegmentationLabels.Tubule, z => z >= volume.Shape.Z - quarter);
            Assert.True(bottom < 0.85 * top, $"{volume.Name}: wall lectin {top:F3} in the top quarter, {bottom:F3} in the bottom one");
        }
    }

    [Fact]
    public void Staining_is_uneven_across_a_volume()
    {
        // Wall over background lectin in the eight octants of the stack: the stain took better in some than others.
        foreach (var volume in CpuSeed1.Value.Take(2))
        {
            var contrasts = Octants(volume).Select(inside => MeanLectin(volume, SegmentationLabels.Tubule, inside: inside)
                / MeanLectin(volume, SegmentationLabels.Background, inside: inside)).ToArray();
            var mean = contrasts.Average();
            var spread = Math.Sqrt(contrasts.Sum(c => (c - mean) * (c - mean)) / (contrasts.Length - 1)) / mean;
            Assert.True(spread > 0.08, $"{volume.Name}: octant contrasts {string.Join(", ", contrasts.Select(c => c.ToString("F2")))}");
        }
    }

    [Fact]
    public void Third_sample_has_a_different_intensity_distribution_after_standardisation()
    {
        // Standardising each volume (as training does) removes brightness and contrast, not the distribution's shape:
        // S3's walls stand out from the background far less, and its lectin is not skewed towards bright membranes.
        var separation = CpuSeed1.Value.Select(StandardisedWallSeparation).ToArray();
        var skewness = CpuSeed1.Value.Select(StandardisedLectinSkewness).ToArray();
        Assert.True(separation[2] < 0.4 * Math.Min(separation[0], separation[1]), $"wall/background separation {string.Join(", ", separation.Select(s => s.ToString("F2")))}");
        Assert.True(skewness[2] < 0.5 * Math.Min(skewness[0], skewness[1]), $"lectin skewness {string.Join(", ", skewness.Select(s => s.ToString("F2")))}");
    }

    [Fact]
    public void Third_sample_has_a_denser_tubule_network()
    {
        var density = CpuSeed1.Value.Select(v => LumenSectionAreas(v).Count() / (double)v.Shape.VoxelCount).ToArray();
        Assert.True(density[2] > 1.5 * Math.Max(density[0], density[1]), $"lumen sections per voxel {string.Join(", ", density.Select(d => d.ToString("E2")))}");
    }

    private static double MeanLectin(LabeledVolume volume, byte label, Func<int, bool>? depth = null, Func<int, int, int, bool>? inside = null)
    {
        double sum = 0;
        var count = 0;
        var shape = volume.Shape;
        for (var z = 0; z < shape.Z; z++)
        {
            if (depth is not null && !depth(z)) continue;
            for (var y = 0; y < shape.Y; y++)
            for (var x = 0; x < shape.X; x++)
            {
                if (inside is not null && !inside(z, y, x)) continue;
                var i = volume.Index(z, y, x);
                if (volume.Labels[i] != label) continue;
                sum += volume.Image[i];
                count++;
            }
        }
        return sum / count;
    }

    private static IEnumerable<Func<int, int, int, bool>> Octants(LabeledVolume volume)
    {
        var (hz, hy, hx) = (volume.Shape.Z / 2, volume.Shape.Y / 2, volume.Shape.X / 2);
        for (var octant = 0; octant < 8; octant++)
        {
            var (upperZ, upperY, upperX) = ((octant & 4) != 0, (octant & 2) != 0, (octant & 1) != 0);
            yield return (z, y, x) => z >= hz == upperZ && y >= hy == upperY && x >= hx == upperX;
        }
    }

    /// <summary>Areas in voxels of the 4-connected lumen regions of every xy slice.</summary>
    private static IEnumerable<int> LumenSectionAreas(LabeledVolume volume)
    {
        var shape = volume.Shape;
        var plane = shape.Y * shape.X;
        var seen = new bool[plane];
        var stack = new Stack<int>();
        for (var z = 0; z < shape.Z; z++)
        {
            Array.Clear(seen);
            var offset = (int)volume.Index(z, 0, 0);
            bool IsLumen(int p) => volume.Labels[offset + p] == SegmentationLabels.InsideTubule;
            for (var start = 0; start < plane; start++)
            {
                if (seen[start] || !IsLumen(start)) continue;
                var area = 0;
                seen[start] = true;
                stack.Push(start);
                while (stack.Count > 0)
                {
                    var p = stack.Pop();
                    area++;
                    var (y, x) = (p / shape.X, p % shape.X);
                    foreach (var q in (int[])[x > 0 ? p - 1 : -1, x < shape.X - 1 ? p + 1 : -1, y > 0 ? p - shape.X : -1, y < shape.Y - 1 ? p + shape.X : -1])
                    {
                        if (q < 0 || seen[q] || !IsLumen(q)) continue;
                        seen[q] = true;
                        stack.Push(q);
                    }
                }
                yield return area;
            }
        }
    }

    private static double[] StandardisedLectin(LabeledVolume volume)
    {
        var standardised = VolumeNormalisation.StandardiseChannels(volume);
        return standardised.AsSpan(0, (int)volume.Shape.VoxelCount).ToArray().Select(v => (double)v).ToArray();
    }

    private static double StandardisedWallSeparation(LabeledVolume volume)
    {
        var lectin = StandardisedLectin(volume);
        var wall = lectin.Where((_, i) => volume.Labels[i] == SegmentationLabels.Tubule).ToArray();
        var background = lectin.Where((_, i) => volume.Labels[i] == SegmentationLabels.Background).ToArray();
        var mean = background.Average();
        var sd = Math.Sqrt(background.Sum(v => (v - mean) * (v - mean)) / background.Length);
        return (wall.Average() - mean) / sd;
    }

    private static double StandardisedLectinSkewness(LabeledVolume volume) => StandardisedLectin(volume).Average(v => v * v * v);
}
