namespace UNet3D.Lab.Experiments.Data;

/// <summary>
/// The phantom's point spread: a separable Gaussian blur of one channel in place, wider along z (the confocal's
/// coarser axial resolution), clamped at the volume's edges.
/// </summary>
internal static class ConfocalBlur
{
    public static void Apply(Memory<float> channel, VolumeShape shape)
    {
        // Separable Gaussian point spread: wider along z, the confocal's coarser axial resolution.
        var xy = Kernel(0.7);
        var z = Kernel(1.2);
        int plane = shape.Y * shape.X;
        BlurLines(channel, shape.Z * shape.Y, shape.X, 1, line => line * shape.X, xy);
        BlurLines(channel, shape.Z * shape.X, shape.Y, shape.X, line => line / shape.X * plane + line % shape.X, xy);
        BlurLines(channel, plane, shape.Z, plane, line => line, z);
    }

    private static void BlurLines(Memory<float> data, int lineCount, int extent, int stride, Func<int, int> lineStart, float[] kernel)
    {
        var reach = kernel.Length / 2;
        Parallel.For(0, lineCount, () => new float[extent], (line, _, buffer) =>
        {
            var span = data.Span;
            var start = lineStart(line);
            for (var i = 0; i < extent; i++) buffer[i] = span[start + i * stride];
            for (var i = 0; i < extent; i++)
            {
                var sum = 0f;
                for (var k = -reach; k <= reach; k++) sum += kernel[k + reach] * buffer[Math.Clamp(i + k, 0, extent - 1)];
                span[start + i * stride] = sum;
            }
            return buffer;
        }, _ => { });
    }

    private static float[] Kernel(double sigma)
    {
        var reach = (int)Math.Ceiling(3 * sigma);
        var kernel = new float[2 * reach + 1];
        var total = 0.0;
        for (var k = -reach; k <= reach; k++) total += Math.Exp(-0.5 * k * k / (sigma * sigma));
        for (var k = -reach; k <= reach; k++) kernel[k + reach] = (float)(Math.Exp(-0.5 * k * k / (sigma * sigma)) / total);
        return kernel;
    }
}
