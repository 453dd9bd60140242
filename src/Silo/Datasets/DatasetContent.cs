namespace UNet3D.Lab.Silo.Datasets;

/// <summary>Statistics of a volume as the store records them.</summary>
public static class DatasetContent
{
    public static ChannelStatistics[] ChannelStatistics(LabeledVolume volume)
    {
        var perChannel = volume.Shape.VoxelCount;
        var statistics = new ChannelStatistics[volume.Channels];
        for (var c = 0; c < volume.Channels; c++)
        {
            var values = volume.Image.AsSpan((int)(c * perChannel), (int)perChannel);
            float min = float.PositiveInfinity, max = float.NegativeInfinity;
            double sum = 0;
            foreach (var v in values)
            {
                if (v < min) min = v;
                if (v > max) max = v;
                sum += v;
            }
            statistics[c] = new ChannelStatistics(min, max, sum / perChannel);
        }
        return statistics;
    }

    /// <summary>Voxels per class of <paramref name="labelSet"/> in label order, then the unlabeled voxels (last entry).</summary>
    public static long[] LabelHistogram(byte[] labels, LabelSet labelSet)
    {
        var histogram = new long[labelSet.Count + 1];
        foreach (var label in labels) histogram[Math.Min((int)label, labelSet.Count)]++;
        return histogram;
    }
}
