namespace UNet3D.Lab.Experiments.Data;

public static class VolumeNormalisation
{
    /// <summary>Each channel shifted and scaled to mean 0 and standard deviation 1 over the whole volume.</summary>
    public static float[] StandardiseChannels(LabeledVolume volume) => StandardiseChannels(volume.Image, volume.Channels);

    /// <param name="image">Channel-major values, <paramref name="channels"/> equal blocks.</param>
    public static float[] StandardiseChannels(float[] image, int channels)
    {
        var voxels = image.Length / channels;
        var result = new float[image.Length];
        for (var c = 0; c < channels; c++)
        {
            var channel = image.AsSpan(c * voxels, voxels);
            double sum = 0, squares = 0;
            foreach (var v in channel) { sum += v; squares += (double)v * v; }
            var mean = sum / voxels;
            var std = Math.Sqrt(Math.Max(squares / voxels - mean * mean, 0));
            var scale = std > 1e-8 ? 1.0 / std : 1.0;
            var target = result.AsSpan(c * voxels, voxels);
            for (var i = 0; i < voxels; i++) target[i] = (float)((channel[i] - mean) * scale);
        }
        return result;
    }
}
