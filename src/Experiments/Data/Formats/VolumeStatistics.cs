namespace UNet3D.Lab.Experiments.Data.Formats;

/// <summary>What <c>data inspect</c> shows of a volume's values: per-channel statistics and, for label maps, a histogram.</summary>
public static class VolumeStatistics
{
    /// <summary>A label map has an integer type and at most this many distinct values.</summary>
    public const int MaxLabelValues = 16;

    public static IReadOnlyList<ChannelStatistics> PerChannel(VolumeFile volume)
    {
        ArgumentNullException.ThrowIfNull(volume);
        var voxels = (int)volume.VoxelsPerChannel;
        var statistics = new ChannelStatistics[volume.Channels];
        for (var channel = 0; channel < volume.Channels; channel++)
        {
            var values = volume.Data.AsSpan(channel * voxels, voxels);
            double min = double.PositiveInfinity, max = double.NegativeInfinity, sum = 0;
            foreach (var value in values)
            {
                min = Math.Min(min, value);
                max = Math.Max(max, value);
                sum += value;
            }
            statistics[channel] = new ChannelStatistics(min, max, sum / voxels);
        }
        return statistics;
    }

    /// <summary>
    /// Voxel count per value, ascending, when <paramref name="volume"/> looks like a label map: an integer
    /// <see cref="VolumeFile.SourceType"/> with at most <paramref name="maxValues"/> distinct values. Null otherwise.
    /// </summary>
    public static IReadOnlyDictionary<long, long>? LabelHistogram(VolumeFile volume, int maxValues = MaxLabelValues)
    {
        ArgumentNullException.ThrowIfNull(volume);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxValues, 1);
        if (!VolumeDataTypes.IsInteger(volume.SourceType)) return null;
        var histogram = new SortedDictionary<long, long>();
        foreach (var value in volume.Data)
        {
            // Scaled NIfTI integers can hold fractions: then it is not a label map.
            if (value != MathF.Round(value)) return null;
            var label = (long)value;
            histogram[label] = histogram.GetValueOrDefault(label) + 1;
            if (histogram.Count > maxValues) return null;
        }
        return histogram;
    }
}
