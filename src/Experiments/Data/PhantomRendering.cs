using static UNet3D.Lab.Experiments.Data.XenopusPhantom;

namespace UNet3D.Lab.Experiments.Data;

/// <summary>
/// Turns a phantom sample's structure (tissue, tubule wall and lumen, vesicles) into its three confocal-like channels:
/// staining, debris, the microscope's blur, illumination and depth attenuation, the detector's response and noise.
/// </summary>
internal static class PhantomRendering
{
    /// <summary>Bright debris clumps per µm³ at a sample's usual density: about 145 in the cpu S1, 2,000 at paper size.</summary>
    private const double DebrisPerCubicMicron = 1.0 / 12_000;

    public static float[] Render(VolumeShape shape, byte[] structure, PhantomAppearance look, int sampleSeed)
    {
        var random = new Random(Mix(sampleSeed, 2));
        var n = (int)shape.VoxelCount;
        var image = new float[Channels * n];
        var lectin = image.AsSpan(0, n);
        var nuclei = image.AsSpan(n, n);
        var catenin = image.AsSpan(2 * n, n);
        ScatterNuclei(random, shape, structure).CopyTo(nuclei);

        var membrane = MembraneMask(shape, structure);
        var cells = CellBoundaries(shape, sampleSeed);
        var debris = ScatterDebris(new Random(Mix(sampleSeed, 3)), shape, structure, look.Debris);
        // Staining reaches some regions better than others, and each stain in its own way.
        var stainRandom = new Random(Mix(sampleSeed, 4));
        var lectinStain = StainField(shape, stainRandom, look.StainVariation);
        var cateninStain = StainField(shape, stainRandom, look.StainVariation);
        for (var i = 0; i < n; i++)
        {
            var kind = structure[i];
            var isWall = kind is TubeWall or VesicleShell;
            var isHollow = kind is TubeLumen or VesicleHollow;
            // Lectin: bright apical/basal membranes, weaker wall cytoplasm, faint tissue; some nuclear bleed-through.
            var lectinSignal = (membrane[i] ? 1.0 : isWall ? 0.4 : isHollow ? 0.06 : look.TissueLectin) + debris[i];
            lectin[i] = (float)Math.Max(0.0, 0.12 + look.Contrast * lectinStain[i] * (lectinSignal - 0.12) + 0.08 * nuclei[i]);
            // Beta-catenin: cell boundaries everywhere, strongest at the wall's edges.
            var cateninSignal = (membrane[i] ? 0.9 : isWall ? 0.15 + 0.45 * cells[i] : isHollow ? 0.05 : 0.1 + 0.25 * cells[i]) + 0.5 * debris[i];
            catenin[i] = (float)Math.Max(0.0, 0.1 + look.Contrast * cateninStain[i] * (cateninSignal - 0.1));
            nuclei[i] = 0.05f + nuclei[i] + 0.3f * debris[i];
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
                    var clean = Math.Pow(Math.Max(0.0, slice[i] * attenuation * illumination[i]), look.Gamma);
                    var noisy = clean + Math.Sqrt(look.ShotGain * clean) * Gaussian(noise) + look.ReadNoise * Gaussian(noise);
                    slice[i] = (float)Math.Clamp(noisy, 0.0, look.Saturation);
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

    private static float[] ScatterNuclei(Random random, VolumeShape shape, byte[] structure)
    {
        var nuclei = new float[shape.VoxelCount];
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
            StampBall(shape, centre, radius, (at, q2) => nuclei[at] = Math.Max(nuclei[at], (float)(brightness * (1 - q2))));
        }
        return nuclei;
    }

    /// <summary>
    /// Bright clumps of debris (1–3 µm) in tissue and lumens, most of them gathered around a few spots, so that one
    /// slice shows some and another none. They stay labelled as what they lie in.
    /// </summary>
    private static float[] ScatterDebris(Random random, VolumeShape shape, byte[] structure, double density)
    {
        var debris = new float[shape.VoxelCount];
        var extent = (z: shape.Z * SpacingZ, y: shape.Y * SpacingXY, x: shape.X * SpacingXY);
        var count = (int)Math.Round(density * DebrisPerCubicMicron * extent.z * extent.y * extent.x);
        var spots = Enumerable.Range(0, 3).Select(_ => (z: random.NextDouble() * extent.z, y: random.NextDouble() * extent.y, x: random.NextDouble() * extent.x)).ToArray();
        for (var k = 0; k < count; k++)
        {
            var spot = spots[random.Next(spots.Length)];
            var centre = random.NextDouble() < 0.7
                ? (z: spot.z + 20 * Gaussian(random), y: spot.y + 20 * Gaussian(random), x: spot.x + 20 * Gaussian(random))
                : (z: random.NextDouble() * extent.z, y: random.NextDouble() * extent.y, x: random.NextDouble() * extent.x);
            var radius = 1.0 + 2.0 * random.NextDouble();
            var brightness = 0.6 + 0.8 * random.NextDouble();
            StampBall(shape, centre, radius, (at, q2) =>
            {
                if (structure[at] is not (TubeWall or VesicleShell)) debris[at] = Math.Max(debris[at], (float)(brightness * (1 - 0.5 * q2)));
            });
        }
        return debris;
    }

    private static void StampBall(VolumeShape shape, (double z, double y, double x) centre, double radius, Action<int, double> stamp)
    {
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
            if (q2 < 1) stamp((int)(((long)z * shape.Y + y) * shape.X + x), q2);
        }
    }

    /// <summary>
    /// A smooth multiplicative field over the whole stack (three plane waves of 60–200 µm in random directions), with
    /// standard deviation <paramref name="amplitude"/> around 1: how strongly a stain took, region by region.
    /// </summary>
    private static float[] StainField(VolumeShape shape, Random random, double amplitude)
    {
        var waves = Enumerable.Range(0, 3).Select(_ =>
        {
            var (dz, dy, dx) = (Gaussian(random), Gaussian(random), Gaussian(random));
            var norm = Math.Sqrt(dz * dz + dy * dy + dx * dx);
            var wavenumber = 2 * Math.PI / (60 + 140 * random.NextDouble());
            return (z: wavenumber * dz / norm, y: wavenumber * dy / norm, x: wavenumber * dx / norm, phase: 2 * Math.PI * random.NextDouble());
        }).ToArray();
        var weight = amplitude * Math.Sqrt(2.0 / waves.Length);
        var field = new float[shape.VoxelCount];
        Parallel.For(0, shape.Z, z =>
        {
            for (var y = 0; y < shape.Y; y++)
            for (var x = 0; x < shape.X; x++)
            {
                var sum = 0.0;
                foreach (var w in waves) sum += Math.Cos(w.z * z * SpacingZ + w.y * y * SpacingXY + w.x * x * SpacingXY + w.phase);
                field[((long)z * shape.Y + y) * shape.X + x] = (float)Math.Clamp(1 + weight * sum, 0.25, 1.9);
            }
        });
        return field;
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
}
