using UNet3D.Lab.Experiments.Data.Formats;

namespace UNet3D.Lab.Experiments.Data;

/// <summary>
/// A deterministic stand-in for the paper's three Xenopus kidney volumes (see docs/data.md): branching, curving
/// hollow tubules (wall = 1, lumen = 0) in tissue (background = 2), plus hollow vesicles that look like tubule
/// cross-sections in one slice but are background in 3D. Three confocal-like channels (lectin, DAPI, beta-catenin)
/// with anisotropic blur, shot and read noise, depth attenuation and uneven illumination.
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

    // S3 is much dimmer, flatter, noisier and deeper-attenuated with fewer, thicker tubules, as the paper's third volume differed.
    private static readonly Appearance[] Looks =
    [
        new(Contrast: 1.0, Brightness: 1.0, ShotGain: 0.015, ReadNoise: 0.02, AttenuationPerMicron: 0.003, Tubes: 7, RadiusScale: 1.0, Vesicles: 14),
        new(Contrast: 0.85, Brightness: 0.9, ShotGain: 0.02, ReadNoise: 0.025, AttenuationPerMicron: 0.004, Tubes: 6, RadiusScale: 0.9, Vesicles: 12),
        new(Contrast: 0.4, Brightness: 0.55, ShotGain: 0.04, ReadNoise: 0.04, AttenuationPerMicron: 0.01, Tubes: 4, RadiusScale: 1.3, Vesicles: 18),
    ];

    // Per-voxel structure before labelling; vesicles are background but stained like tubule walls.
    private const byte Tissue = 0, TubeLumen = 1, TubeWall = 2, VesicleHollow = 3, VesicleShell = 4;

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
        var look = Looks[index];
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

        var image = RenderImage(shape, structure, look, sampleSeed, new Random(Mix(sampleSeed, 2)));
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
        var radius = baseRadius * (0.8 + 0.4 * random.NextDouble());
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
                    pending.Enqueue(new Segment(p, child, Math.Max(0.6 * baseRadius, 0.75 * r), segment.Depth + 1));
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

    private static float[] RenderImage(VolumeShape shape, byte[] structure, Appearance look, int sampleSeed, Random random)
    {
        var n = (int)shape.VoxelCount;
        var image = new float[Channels * n];
        var lectin = image.AsSpan(0, n);
        var nuclei = image.AsSpan(n, n);
        var catenin = image.AsSpan(2 * n, n);
        ScatterNuclei(random, shape, structure, nuclei);

        var membrane = MembraneMask(shape, structure);
        var cells = CellBoundaries(shape, sampleSeed);
        for (var i = 0; i < n; i++)
        {
            var kind = structure[i];
            var isWall = kind is TubeWall or VesicleShell;
            // Lectin: bright apical/basal membranes, weaker wall cytoplasm, faint tissue; some nuclear bleed-through.
            double lectinSignal = membrane[i] ? 1.0 : isWall ? 0.4 : kind is TubeLumen or VesicleHollow ? 0.06 : 0.12;
            lectin[i] = (float)(0.12 + look.Contrast * (lectinSignal - 0.12) + 0.08 * nuclei[i]);
            // Beta-catenin: cell boundaries everywhere, strongest at the wall's edges.
            double cateninSignal = membrane[i] ? 0.9 : isWall ? 0.15 + 0.45 * cells[i] : kind is TubeLumen or VesicleHollow ? 0.05 : 0.1 + 0.25 * cells[i];
            catenin[i] = (float)(0.1 + look.Contrast * (cateninSignal - 0.1));
            nuclei[i] = 0.05f + nuclei[i];
        }

        var illumination = IlluminationField(shape, random);
        for (var c = 0; c < Channels; c++)
        {
            var channel = image.AsMemory(c * n, n);
            ConfocalBlur.Apply(channel, shape);
            var channelIndex = c;
            Parallel.For(0, shape.Z, z =>
            {
                // One generator per (channel, slice): parallel and still deterministic.
                var noise = new Random(Mix(sampleSeed, 1000 + channelIndex * 4096 + z));
                var attenuation = look.Brightness * Math.Exp(-look.AttenuationPerMicron * z * SpacingZ);
                var slice = channel.Span.Slice(z * shape.Y * shape.X, shape.Y * shape.X);
                for (var i = 0; i < slice.Length; i++)
                {
                    var clean = Math.Max(0.0, slice[i] * attenuation * illumination[i]);
                    var noisy = clean + Math.Sqrt(look.ShotGain * clean) * Gaussian(noise) + look.ReadNoise * Gaussian(noise);
                    slice[i] = (float)Math.Max(0.0, noisy);
                }
            });
        }
        return image;
    }

    private static bool[] MembraneMask(VolumeShape shape, byte[] structure)
    {
        // A wall voxel touching lumen or tissue (6-neighbourhood) carries the apical or basal membrane.
        var mask = new bool[structure.Length];
        int plane = shape.Y * shape.X;
        Parallel.For(0, shape.Z, z =>
        {
            for (var y = 0; y < shape.Y; y++)
            for (var x = 0; x < shape.X; x++)
            {
                var i = z * plane + y * shape.X + x;
                var kind = structure[i];
                if (kind is not (TubeWall or VesicleShell)) continue;
                mask[i] = (x > 0 && structure[i - 1] != kind) || (x < shape.X - 1 && structure[i + 1] != kind)
                    || (y > 0 && structure[i - shape.X] != kind) || (y < shape.Y - 1 && structure[i + shape.X] != kind)
                    || (z > 0 && structure[i - plane] != kind) || (z < shape.Z - 1 && structure[i + plane] != kind);
            }
        });
        return mask;
    }

    private static float[] CellBoundaries(VolumeShape shape, int sampleSeed)
    {
        // Worley (Voronoi) texture: near 1 where two cells of about 8 µm meet, a polygonal cell-boundary pattern.
        const double cell = 8.0, width = 1.2;
        var result = new float[shape.VoxelCount];
        Parallel.For(0, shape.Z, z =>
        {
            var pz = z * SpacingZ;
            var cz = (int)Math.Floor(pz / cell);
            for (var y = 0; y < shape.Y; y++)
            {
                var py = y * SpacingXY;
                var cy = (int)Math.Floor(py / cell);
                for (var x = 0; x < shape.X; x++)
                {
                    var px = x * SpacingXY;
                    var cx = (int)Math.Floor(px / cell);
                    double d1 = double.MaxValue, d2 = double.MaxValue;
                    for (var kz = cz - 1; kz <= cz + 1; kz++)
                    for (var ky = cy - 1; ky <= cy + 1; ky++)
                    for (var kx = cx - 1; kx <= cx + 1; kx++)
                    {
                        var h = Hash(sampleSeed, kz, ky, kx);
                        var sz = (kz + (h & 0x3FF) / 1024.0) * cell - pz;
                        var sy = (ky + ((h >> 10) & 0x3FF) / 1024.0) * cell - py;
                        var sx = (kx + ((h >> 20) & 0x3FF) / 1024.0) * cell - px;
                        var d = Math.Sqrt(sz * sz + sy * sy + sx * sx);
                        if (d < d1) { d2 = d1; d1 = d; }
                        else if (d < d2) d2 = d;
                    }
                    var gap = (d2 - d1) / width;
                    result[((long)z * shape.Y + y) * shape.X + x] = (float)Math.Exp(-gap * gap);
                }
            }
        });
        return result;
    }

    private static void ScatterNuclei(Random random, VolumeShape shape, byte[] structure, Span<float> nuclei)
    {
        // DAPI: nuclei in all tissue, denser in walls, rare in lumens; alone it says little about the class.
        var count = (int)(shape.VoxelCount / 110);
        for (var k = 0; k < count; k++)
        {
            var centre = (z: random.NextDouble() * shape.Z * SpacingZ, y: random.NextDouble() * shape.Y * SpacingXY, x: random.NextDouble() * shape.X * SpacingXY);
            var radius = 2.4 + 1.2 * random.NextDouble();
            var brightness = 0.5 + 0.5 * random.NextDouble();
            var accept = random.NextDouble();
            int cz = Math.Min(shape.Z - 1, (int)(centre.z / SpacingZ)), cy = Math.Min(shape.Y - 1, (int)(centre.y / SpacingXY)), cx = Math.Min(shape.X - 1, (int)(centre.x / SpacingXY));
            var kind = structure[((long)cz * shape.Y + cy) * shape.X + cx];
            var density = kind switch { TubeWall => 1.0, VesicleShell => 0.9, Tissue => 0.45, _ => 0.03 };
            if (accept >= density) continue;
            var (z0, z1) = Range(centre.z, radius, SpacingZ, shape.Z);
            var (y0, y1) = Range(centre.y, radius, SpacingXY, shape.Y);
            var (x0, x1) = Range(centre.x, radius, SpacingXY, shape.X);
            for (var z = z0; z <= z1; z++)
            for (var y = y0; y <= y1; y++)
            for (var x = x0; x <= x1; x++)
            {
                var dz = z * SpacingZ - centre.z;
                var dy = y * SpacingXY - centre.y;
                var dx = x * SpacingXY - centre.x;
                var q2 = (dz * dz + dy * dy + dx * dx) / (radius * radius);
                if (q2 >= 1) continue;
                var at = (int)(((long)z * shape.Y + y) * shape.X + x);
                nuclei[at] = Math.Max(nuclei[at], (float)(brightness * (1 - q2)));
            }
        }
    }

    private static double[] IlluminationField(VolumeShape shape, Random random)
    {
        // Smooth multiplicative field over x/y (vignetting-like, between about 0.63 and 1.18).
        var field = new double[shape.Y * shape.X];
        double fx = 0.5 + random.NextDouble(), fy = 0.5 + random.NextDouble();
        double phaseX = 2 * Math.PI * random.NextDouble(), phaseY = 2 * Math.PI * random.NextDouble();
        double gradientX = 0.15 * (random.NextDouble() - 0.5), gradientY = 0.15 * (random.NextDouble() - 0.5);
        for (var y = 0; y < shape.Y; y++)
        for (var x = 0; x < shape.X; x++)
        {
            double u = (double)x / shape.X, v = (double)y / shape.Y;
            field[y * shape.X + x] = 0.9 + 0.2 * Math.Cos(2 * Math.PI * fx * u + phaseX) * Math.Cos(2 * Math.PI * fy * v + phaseY) + gradientX * (u - 0.5) + gradientY * (v - 0.5);
        }
        return field;
    }

    private static (int From, int To) Range(double centre, double reach, double spacing, int extent) =>
        (Math.Max(0, (int)Math.Floor((centre - reach) / spacing)), Math.Min(extent - 1, (int)Math.Ceiling((centre + reach) / spacing)));

    private static bool Inside((double z, double y, double x) p, (double z, double y, double x) extent, double margin) =>
        p.z >= -margin && p.y >= -margin && p.x >= -margin && p.z < extent.z + margin && p.y < extent.y + margin && p.x < extent.x + margin;

    private static (double z, double y, double x) Normalise((double z, double y, double x) v)
    {
        var length = Math.Sqrt(v.z * v.z + v.y * v.y + v.x * v.x);
        return length < 1e-9 ? (0, 0, 1) : (v.z / length, v.y / length, v.x / length);
    }

    private static double Gaussian(Random random)
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

    private static uint Hash(int seed, int z, int y, int x) => (uint)Mix(Mix(Mix(seed, z), y), x);

    private sealed record Appearance(double Contrast, double Brightness, double ShotGain, double ReadNoise, double AttenuationPerMicron, int Tubes, double RadiusScale, int Vesicles);

    private readonly record struct Segment((double z, double y, double x) Start, (double z, double y, double x) Direction, double Radius, int Depth);
}
