using UNet3D.Lab.Experiments.Data.Formats;

namespace UNet3D.Lab.Experiments.Data;

/// <summary>
/// A deterministic stand-in for the paper's three Xenopus kidney volumes (see docs/data.md): branching, curving
/// hollow tubules (wall = 1, lumen = 0) in tissue (background = 2), plus hollow vesicles that look like tubule
/// cross-sections in one slice but are background in 3D. Three confocal-like channels (lectin, DAPI, beta-catenin)
/// with anisotropic blur, shot and read noise, depth attenuation, uneven illumination and staining, and debris.
/// </summary>
public static class XenopusPhantom
{
    public const int Channels = 3;

    /// <summary>Voxel size of the paper's downsampled volumes in µm; z is coarser.</summary>
    public const double SpacingXY = 1.76, SpacingZ = 2.04;

    public const int SampleCount = 3;

    private static readonly VolumeShape[] PaperShapes = [new(64, 244, 248), new(56, 244, 245), new(59, 244, 246)];
    private static readonly VolumeShape[] CpuShapes = [new(32, 96, 96), new(28, 96, 94), new(30, 96, 95)];
    private static readonly VolumeShape[] TinyShapes = [new(24, 48, 48), new(22, 48, 47), new(23, 48, 47)];

    // Per-voxel structure before labelling; vesicles are background but stained like tubule walls.
    internal const byte Tissue = 0, TubeLumen = 1, TubeWall = 2, VesicleHollow = 3, VesicleShell = 4;

    /// <summary>Thinnest tubule outer radius in µm, so that walls stay more than a voxel thick in the small variants.</summary>
    private const double MinimumTubeRadius = 5.0;

    public static VolumeShape Shape(int index, PhantomVariant variant)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, SampleCount);
        return variant switch
        {
            PhantomVariant.Tiny => TinyShapes[index],
            PhantomVariant.Cpu => CpuShapes[index],
            PhantomVariant.Paper => PaperShapes[index],
            _ => throw new ArgumentOutOfRangeException(nameof(variant), variant, null),
        };
    }

    public static IReadOnlyList<LabeledVolume> Generate(PhantomVariant variant, int seed) =>
        Enumerable.Range(0, SampleCount).Select(i => GenerateSample(i, variant, seed)).ToArray();

    public static LabeledVolume GenerateSample(int index, PhantomVariant variant, int seed)
    {
        var shape = Shape(index, variant);
        var look = PhantomAppearance.Samples[index];
        // Tubules and vesicles shrink with the volume (radii no thinner than 0.45 of the paper's, to stay several voxels
        // thick). The Cpu variant keeps the paper's counts, so its tubule share stays the paper size's (8.3/6.3/10.6%
        // against 7.6/8.4/10.0%); scaling the counts too had left it 2.9/2.0/1.7%, and the tubule IoU with it. The Tiny
        // variant, too small for the paper's counts at that radius, keeps 0.45 of them (8.5% tubule).
        var scale = shape.X / 246.0;
        var countScale = variant == PhantomVariant.Tiny ? 0.45 : 1.0;
        // Arithmetic mixing, never HashCode.Combine: that is randomised per process and would change the data.
        var sampleSeed = Mix(seed, index + 1);
        var geometryRandom = new Random(Mix(sampleSeed, 1));

        var structure = new byte[shape.VoxelCount];
        var tubeRadius = 17.0 * look.RadiusScale * Math.Max(scale, 0.45);
        var tubeCount = Math.Max(2, (int)Math.Round(look.Tubes * countScale));
        for (var t = 0; t < tubeCount; t++) GrowTubeTree(geometryRandom, shape, tubeRadius, structure);
        var vesicleCount = Math.Max(3, (int)Math.Round(look.Vesicles * countScale));
        for (var v = 0; v < vesicleCount; v++) PlaceVesicle(geometryRandom, shape, tubeRadius, structure);

        var labels = new byte[structure.Length];
        for (var i = 0; i < labels.Length; i++)
            labels[i] = structure[i] switch
            {
                TubeLumen => SegmentationLabels.InsideTubule,
                TubeWall => SegmentationLabels.Tubule,
                _ => SegmentationLabels.Background,
            };

        var image = PhantomRendering.Render(shape, structure, look, sampleSeed);
        return new LabeledVolume($"S{index + 1}", shape, Channels, image, labels, (SpacingXY, SpacingXY, SpacingZ), SpatialUnit.Micron);
    }

    private static void GrowTubeTree(Random random, VolumeShape shape, double baseRadius, byte[] structure)
    {
        var extent = (z: shape.Z * SpacingZ, y: shape.Y * SpacingXY, x: shape.X * SpacingXY);
        var start = (z: random.NextDouble() * extent.z, y: random.NextDouble() * extent.y, x: random.NextDouble() * extent.x);
        // Half the trees run mostly in-plane (a band in an xy slice), half steeply through the stack: their xy
        // cross-sections are rings, exactly what a vesicle looks like in one slice. Without steep tubes a 2D network
        // could tell vesicles from tubules by shape alone and 3D context would not matter.
        var steep = random.NextDouble() < 0.5;
        var zWeight = steep ? 2.5 : 0.35;
        var zPersistence = steep ? 1.0 : 0.97;
        var direction = Normalise((zWeight * Gaussian(random), Gaussian(random), Gaussian(random)));
        if (steep && Math.Abs(direction.z) < 0.7) direction = Normalise((Math.CopySign(0.8, direction.z), direction.y, direction.x));
        // Calibres vary widely between trees (log-normal, 0.55–1.9 × the sample's median), as in real kidney tissue.
        var radius = Math.Max(MinimumTubeRadius, baseRadius * Math.Clamp(Math.Exp(0.35 * Gaussian(random)), 0.55, 1.9));
        var pending = new Queue<Segment>();
        pending.Enqueue(new Segment(start, direction, radius, 0));
        pending.Enqueue(new Segment(start, (-direction.z, -direction.y, -direction.x), radius, 0));
        var maxLength = 2.0 * (extent.x + extent.y);
        for (var segments = 0; pending.Count > 0 && segments < 24; segments++)
        {
            var segment = pending.Dequeue();
            var (p, d, r) = (segment.Start, segment.Direction, segment.Radius);
            var logRadius = Math.Log(r);
            var logBase = logRadius;
            for (var travelled = 0.0; travelled < maxLength;)
            {
                StampTube(shape, p, r, structure);
                var step = Math.Max(0.6, 0.3 * r);
                var wobble = 0.09 * Math.Sqrt(step);
                d = Normalise((zPersistence * d.z + wobble * Gaussian(random), d.y + wobble * Gaussian(random), d.x + wobble * Gaussian(random)));
                // Radius drifts slowly (log random walk pulled back to the segment's own radius).
                logRadius += 0.03 * Math.Sqrt(step) * Gaussian(random) + 0.02 * (logBase - logRadius);
                r = Math.Clamp(Math.Exp(logRadius), 0.7 * Math.Exp(logBase), 1.35 * Math.Exp(logBase));
                p = (p.z + step * d.z, p.y + step * d.y, p.x + step * d.x);
                travelled += step;
                if (travelled > r && !Inside(p, extent, r)) break;
                if (segment.Depth < 2 && random.NextDouble() < step / 140.0)
                {
                    var side = Normalise((0.35 * Gaussian(random), Gaussian(random), Gaussian(random)));
                    var child = Normalise((d.z + 1.3 * side.z, d.y + 1.3 * side.y, d.x + 1.3 * side.x));
                    var childRadius = Math.Max(MinimumTubeRadius, Math.Max(0.45 * baseRadius, (0.6 + 0.25 * random.NextDouble()) * r));
                    pending.Enqueue(new Segment(p, child, childRadius, segment.Depth + 1));
                }
            }
        }
    }

    private static void StampTube(VolumeShape shape, (double z, double y, double x) centre, double outer, byte[] structure)
    {
        // Distances in µm, so tubes are round physically and flatter in voxels along the coarse z axis.
        var inner = 0.5 * outer;
        double outer2 = outer * outer, inner2 = inner * inner;
        var (z0, z1) = Range(centre.z, outer, SpacingZ, shape.Z);
        var (y0, y1) = Range(centre.y, outer, SpacingXY, shape.Y);
        var (x0, x1) = Range(centre.x, outer, SpacingXY, shape.X);
        for (var z = z0; z <= z1; z++)
        {
            var dz = z * SpacingZ - centre.z;
            for (var y = y0; y <= y1; y++)
            {
                var dy = y * SpacingXY - centre.y;
                var row = ((long)z * shape.Y + y) * shape.X;
                for (var x = x0; x <= x1; x++)
                {
                    var dx = x * SpacingXY - centre.x;
                    var d2 = dz * dz + dy * dy + dx * dx;
                    if (d2 >= outer2) continue;
                    ref var voxel = ref structure[row + x];
                    if (d2 < inner2) voxel = TubeLumen;
                    else if (voxel != TubeLumen) voxel = TubeWall;
                }
            }
        }
    }

    private static void PlaceVesicle(Random random, VolumeShape shape, double tubeRadius, byte[] structure)
    {
        // A closed hollow ellipsoid, clear of every tubule: a ring in any xy slice, but no tube in 3D.
        var radii = (z: tubeRadius * (0.8 + 0.4 * random.NextDouble()), y: tubeRadius * (0.75 + 0.5 * random.NextDouble()), x: tubeRadius * (0.75 + 0.5 * random.NextDouble()));
        for (var attempt = 0; attempt < 40; attempt++)
        {
            var centre = (z: random.NextDouble() * shape.Z * SpacingZ, y: radii.y + random.NextDouble() * (shape.Y * SpacingXY - 2 * radii.y), x: radii.x + random.NextDouble() * (shape.X * SpacingXY - 2 * radii.x));
            var (z0, z1) = Range(centre.z, radii.z + 3 * SpacingZ, SpacingZ, shape.Z);
            var (y0, y1) = Range(centre.y, radii.y + 3 * SpacingXY, SpacingXY, shape.Y);
            var (x0, x1) = Range(centre.x, radii.x + 3 * SpacingXY, SpacingXY, shape.X);
            if (!IsFree(shape, structure, z0, z1, y0, y1, x0, x1)) continue;
            for (var z = z0; z <= z1; z++)
            for (var y = y0; y <= y1; y++)
            for (var x = x0; x <= x1; x++)
            {
                var qz = (z * SpacingZ - centre.z) / radii.z;
                var qy = (y * SpacingXY - centre.y) / radii.y;
                var qx = (x * SpacingXY - centre.x) / radii.x;
                var q2 = qz * qz + qy * qy + qx * qx;
                if (q2 >= 1) continue;
                structure[((long)z * shape.Y + y) * shape.X + x] = q2 < 0.25 ? VesicleHollow : VesicleShell;
            }
            return;
        }
    }

    private static bool IsFree(VolumeShape shape, byte[] structure, int z0, int z1, int y0, int y1, int x0, int x1)
    {
        for (var z = z0; z <= z1; z++)
        for (var y = y0; y <= y1; y++)
        for (var x = x0; x <= x1; x++)
            if (structure[((long)z * shape.Y + y) * shape.X + x] != Tissue) return false;
        return true;
    }

    internal static (int From, int To) Range(double centre, double reach, double spacing, int extent) =>
        (Math.Max(0, (int)Math.Floor((centre - reach) / spacing)), Math.Min(extent - 1, (int)Math.Ceiling((centre + reach) / spacing)));

    private static bool Inside((double z, double y, double x) p, (double z, double y, double x) extent, double margin) =>
        p.z >= -margin && p.y >= -margin && p.x >= -margin && p.z < extent.z + margin && p.y < extent.y + margin && p.x < extent.x + margin;

    private static (double z, double y, double x) Normalise((double z, double y, double x) v)
    {
        var length = Math.Sqrt(v.z * v.z + v.y * v.y + v.x * v.x);
        return length < 1e-9 ? (0, 0, 1) : (v.z / length, v.y / length, v.x / length);
    }

    internal static double Gaussian(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>SplitMix64-style mixing: the same in every process, unlike HashCode.Combine.</summary>
    internal static int Mix(int a, int b)
    {
        var z = unchecked((ulong)(uint)a * 0x9E3779B97F4A7C15UL + (ulong)(uint)b + 0x632BE59BD9B4E5BUL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return (int)((z ^ (z >> 31)) & 0x7FFFFFFF);
    }

    internal static uint Hash(int seed, int z, int y, int x) => (uint)Mix(Mix(Mix(seed, z), y), x);

    private readonly record struct Segment((double z, double y, double x) Start, (double z, double y, double x) Direction, double Radius, int Depth);
}
