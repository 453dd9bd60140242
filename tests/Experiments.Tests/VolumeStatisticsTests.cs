using UNet3D.Lab.Experiments.Data;
using UNet3D.Lab.Experiments.Data.Formats;

namespace UNet3D.Lab.Experiments.Tests;

public sealed class VolumeStatisticsTests
{
    [Fact]
    public void Min_max_and_mean_per_channel()
    {
        var volume = new VolumeFile(new VolumeShape(1, 1, 3), 2, [1, 2, 6, -4, 0, 1], (1, 1, 1), SpatialUnit.Micron, "float32", VolumeFormat.Tiff);
        Assert.Equal([new ChannelStatistics(1, 6, 3), new ChannelStatistics(-4, 1, -1)], VolumeStatistics.PerChannel(volume));
    }

    [Fact]
    public void Integer_volume_with_few_values_is_a_label_map()
    {
        var volume = new VolumeFile(new VolumeShape(2, 2, 2), 1, [2, 0, 1, 1, 2, 2, 0, 2], (1, 1, 1), SpatialUnit.Micron, "uint8", VolumeFormat.Tiff);
        Assert.Equal(new Dictionary<long, long> { [0] = 2, [1] = 2, [2] = 4 }, VolumeStatistics.LabelHistogram(volume));
        Assert.Equal([0L, 1, 2], VolumeStatistics.LabelHistogram(volume)!.Keys);
    }

    [Fact]
    public void Float_volumes_and_many_values_are_not_label_maps()
    {
        var integral = Enumerable.Range(0, 8).Select(i => (float)(i % 3)).ToArray();
        Assert.Null(VolumeStatistics.LabelHistogram(new VolumeFile(new VolumeShape(2, 2, 2), 1, integral, (1, 1, 1), SpatialUnit.Micron, "float32", VolumeFormat.Tiff)));

        var seventeen = Enumerable.Range(0, 17).Select(i => (float)i).ToArray();
        var many = new VolumeFile(new VolumeShape(1, 1, 17), 1, seventeen, (1, 1, 1), SpatialUnit.Micron, "uint16", VolumeFormat.Tiff);
        Assert.Null(VolumeStatistics.LabelHistogram(many));
        Assert.Equal(17, VolumeStatistics.LabelHistogram(many, maxValues: 17)!.Count);

        // A scaled NIfTI integer type may hold fractions.
        Assert.Null(VolumeStatistics.LabelHistogram(new VolumeFile(new VolumeShape(1, 1, 2), 1, [0.5f, 1], (1, 1, 1), SpatialUnit.Micron, "int16", VolumeFormat.Nifti)));
    }
}
