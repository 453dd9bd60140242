using UNet3D.Lab.Experiments.Data;

namespace UNet3D.Lab.Tests.Shared;

/// <summary>
/// A small, deterministic stand-in for the paper's confocal kidney volumes: curving hollow tubes (wall = label 1,
/// lumen = label 0) in background (label 2), imaged in three channels: a wall stain, nuclei everywhere, and a
/// boundary stain; blurred and noisy. A test fixture that learns in seconds; the lab itself learns from the
/// Xenopus-like phantom.
/// </summary>
public static class SyntheticTubuleVolume
{
    public const int Channels = 3;

    public static LabeledVolume Generate(string name, VolumeShape shape, int seed, double contrast = 1.0, double noise = 0.08)
    {
        if (shape.Z < 4 || shape.Y < 4 || shape.X < 4)
            throw new ArgumentOutOfRangeException(nameof(shape), shape, "A synthetic volume needs at least 4 voxels along each axis.");
        var random = new Random(seed);
        var voxels = (int)shape.VoxelCount;
        var inside = new bool[voxels];
        var wall = new bool[voxels];

        var scale = Math.Min(shape.X, Math.Min(shape.Y, shape.Z)) / 32.0;
        var tubes = Math.Max(2, (int)Math.Round(3 * shape.VoxelCount / (32.0 * 32 * 32) / Math.Max(1, scale * scale)));
        for (var t = 0; t < tubes; t++) StampTube(random, shape, scale, inside, wall);

        var labels = new byte[voxels];
        for (var i = 0; i < voxels; i++)
            labels[i] = inside[i] ? SegmentationLabels.InsideTubule : wall[i] ? SegmentationLabels.Tubule : SegmentationLabels.Background;

        var image = new float[Channels * voxels];
        var wallStain = image.AsSpan(0, voxels);
        var nuclei = image.AsSpan(voxels, voxels);
        var boundary = image.AsSpan(2 * voxels, voxels);
        for (var i = 0; i < voxels; i++)
        {
            wallStain[i] = labels[i] switch
            {
                SegmentationLabels.Tubule => (float)(0.25 + 0.6 * contrast),
                SegmentationLabels.InsideTubule => 0.12f,
                _ => 0.2f,
            };
            boundary[i] = 0.1f;
        }
        MarkBoundaries(shape, labels, boundary, (float)(0.1 + 0.5 * contrast));
        ScatterNuclei(random, shape, labels, nuclei);

        for (var c = 0; c < Channels; c++)
        {
            var channel = image.AsSpan(c * voxels, voxels);
            Blur(channel, shape);
            AddNoise(random, channel, noise);
        }
        return new LabeledVolume(name, shape, Channels, image, labels);
    }

    private static void StampTube(Random random, VolumeShape shape, double scale, bool[] inside, bool[] wall)
    {
        // Enter through a random face, wander with a slowly turning direction until leaving the volume.
        double z = random.NextDouble() * shape.Z, y = random.NextDouble() * shape.Y, x = random.NextDouble() * shape.X;
        var direction = Normalise(Gaussian(random), Gaussian(random), Gaussian(random));
        var outer = (3.0 + 1.5 * random.NextDouble()) * Math.Max(0.8, scale);
        var wallThickness = Math.Max(1.3, outer * 0.4);
        // Walk back to the border first so that tubes cross the whole volume.
        for (var guard = 0; guard < 4 * (shape.X + shape.Y + shape.Z) && Inside(shape, z, y, x, 0); guard++)
        {
            z -= direction.z * 0.5; y -= direction.y * 0.5; x -= direction.x * 0.5;
        }
        var steps = 8 * (shape.X + shape.Y + shape.Z);
        for (var step = 0; step < steps; step++)
        {
            Stamp(shape, z, y, x, outer, outer - wallThickness, inside, wall);
            direction = Normalise(direction.z + 0.08 * Gaussian(random), direction.y + 0.08 * Gaussian(random), direction.x + 0.08 * Gaussian(random));
            z += direction.z * 0.5; y += direction.y * 0.5; x += direction.x * 0.5;
            if (step > 4 && !Inside(shape, z, y, x, outer + 1)) break;
        }
    }

    private static void Stamp(VolumeShape shape, double cz, double cy, double cx, double outer, double inner, bool[] inside, bool[] wall)
    {
        var reach = (int)Math.Ceiling(outer);
        for (var z = Math.Max(0, (int)cz - reach); z <= Math.Min(shape.Z - 1, (int)cz + reach); z++)
        for (var y = Math.Max(0, (int)cy - reach); y <= Math.Min(shape.Y - 1, (int)cy + reach); y++)
        for (var x = Math.Max(0, (int)cx - reach); x <= Math.Min(shape.X - 1, (int)cx + reach); x++)
        {
            var d = Math.Sqrt((z - cz) * (z - cz) + (y - cy) * (y - cy) + (x - cx) * (x - cx));
            var index = ((long)z * shape.Y + y) * shape.X + x;
            if (d < inner) inside[index] = true;
            else if (d < outer) wall[index] = true;
        }
    }

    private static void MarkBoundaries(VolumeShape shape, byte[] labels, Span<float> boundary, float value)
    {
        for (var z = 0; z < shape.Z; z++)
        for (var y = 0; y < shape.Y; y++)
        for (var x = 0; x < shape.X; x++)
        {
            var index = ((long)z * shape.Y + y) * shape.X + x;
            if (labels[index] != SegmentationLabels.Tubule) continue;
            var edge = (x > 0 && labels[index - 1] != SegmentationLabels.Tubule)
                || (x < shape.X - 1 && labels[index + 1] != SegmentationLabels.Tubule)
                || (y > 0 && labels[index - shape.X] != SegmentationLabels.Tubule)
                || (y < shape.Y - 1 && labels[index + shape.X] != SegmentationLabels.Tubule);
            if (edge) boundary[(int)index] = value;
        }
    }

    private static void ScatterNuclei(Random random, VolumeShape shape, byte[] labels, Span<float> nuclei)
    {
        // Nuclei everywhere (a DAPI-like channel that carries no class by itself), a little denser in tubule walls.
        var count = (int)(shape.VoxelCount / 150);
        for (var n = 0; n < count; n++)
        {
            int z = random.Next(shape.Z), y = random.Next(shape.Y), x = random.Next(shape.X);
            var index = ((long)z * shape.Y + y) * shape.X + x;
            if (labels[index] != SegmentationLabels.Tubule && random.NextDouble() < 0.3) continue;
            for (var dz = -1; dz <= 1; dz++)
            for (var dy = -1; dy <= 1; dy++)
            for (var dx = -1; dx <= 1; dx++)
            {
                int zz = z + dz, yy = y + dy, xx = x + dx;
                if (zz < 0 || yy < 0 || xx < 0 || zz >= shape.Z || yy >= shape.Y || xx >= shape.X) continue;
                var falloff = 1.0f / (1 + Math.Abs(dz) + Math.Abs(dy) + Math.Abs(dx));
                var at = (int)(((long)zz * shape.Y + yy) * shape.X + xx);
                nuclei[at] = Math.Max(nuclei[at], 0.8f * falloff);
            }
        }
    }

    private static void Blur(Span<float> channel, VolumeShape shape)
    {
        // Separable [1 2 1]/4 kernel; twice along z for the microscope's coarser axial resolution.
        BlurAxis(channel, shape, 1, shape.X);
        BlurAxis(channel, shape, shape.X, shape.Y);
        BlurAxis(channel, shape, shape.X * shape.Y, shape.Z);
        BlurAxis(channel, shape, shape.X * shape.Y, shape.Z);
    }

    private static void BlurAxis(Span<float> data, VolumeShape shape, int stride, int extent)
    {
        var line = new float[extent];
        var total = (int)shape.VoxelCount;
        for (var start = 0; start < total; start++)
        {
            if (start / stride % extent != 0) continue;
            for (var i = 0; i < extent; i++) line[i] = data[start + i * stride];
            for (var i = 0; i < extent; i++)
            {
                var previous = line[Math.Max(0, i - 1)];
                var next = line[Math.Min(extent - 1, i + 1)];
                data[start + i * stride] = 0.25f * previous + 0.5f * line[i] + 0.25f * next;
            }
        }
    }

    private static void AddNoise(Random random, Span<float> channel, double sigma)
    {
        for (var i = 0; i < channel.Length; i++) channel[i] += (float)(sigma * Gaussian(random));
    }

    private static bool Inside(VolumeShape shape, double z, double y, double x, double margin) =>
        z >= -margin && y >= -margin && x >= -margin && z < shape.Z + margin && y < shape.Y + margin && x < shape.X + margin;

    private static double Gaussian(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    private static (double z, double y, double x) Normalise(double z, double y, double x)
    {
        var length = Math.Sqrt(z * z + y * y + x * x);
        return length < 1e-9 ? (0, 0, 1) : (z / length, y / length, x / length);
    }
}
