using UNet3D.Lab.Experiments.Data;

namespace UNet3D.Lab.Experiments.Tests;

public sealed class SyntheticDatasetTests
{
    [Fact]
    public void Same_seed_gives_the_same_volumes_in_every_process()
    {
        // A fixed fingerprint, not a comparison within one process: seeds mixed with a per-process random hash
        // (HashCode.Combine) would pass an in-process comparison and still change the data between runs.
        var volumes = SyntheticDataset.Create(new VolumeShape(24, 32, 32), seed: 2016);
        var histogram = volumes.Select(v => Enumerable.Range(0, 3).Select(c => v.Labels.Count(l => l == c)).ToArray()).ToArray();
        Assert.Equal(Fingerprint, histogram.Select(h => string.Join("/", h)));
    }

    [Fact]
    public void Samples_contain_every_class_and_three_channels()
    {
        var volumes = SyntheticDataset.Create(new VolumeShape(24, 32, 32), seed: 7);
        Assert.Equal(["S1", "S2", "S3"], volumes.Select(v => v.Name));
        foreach (var volume in volumes)
        {
            Assert.Equal(3, volume.Channels);
            for (byte label = 0; label < 3; label++) Assert.Contains(label, volume.Labels);
            Assert.All(volume.Image, v => Assert.True(float.IsFinite(v)));
        }
    }

    private static readonly string[] Fingerprint = ["404/815/23357", "363/627/23586", "363/883/23330"];
}
