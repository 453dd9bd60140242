using UNet3D.Lab.Experiments.Data;
using UNet3D.Lab.Silo.Datasets;

namespace UNet3D.Lab.Silo.Tests;

/// <summary>The store's cache of loaded volumes.</summary>
public sealed class DatasetVolumeCacheTests
{
    [Fact]
    public void Cache_keeps_volumes_within_its_capacity_dropping_the_least_recently_used()
    {
        var volume = new LabeledVolume("v", new VolumeShape(2, 2, 2), 1, new float[8], new byte[8]);
        var size = VolumeCache.SizeOf(volume); // 8 floats + 8 labels = 40 bytes
        var cache = new VolumeCache(2 * size);
        cache.Add("a", volume);
        cache.Add("b", volume);
        Assert.True(cache.TryGet("a", out _));
        cache.Add("c", volume);
        Assert.True(cache.TryGet("a", out _));
        Assert.False(cache.TryGet("b", out _));
        Assert.Equal(2 * size, cache.Bytes);
        var large = new LabeledVolume("w", new VolumeShape(4, 4, 4), 1, new float[64], new byte[64]);
        cache.Add("d", large);
        Assert.False(cache.TryGet("d", out _));
    }
}
