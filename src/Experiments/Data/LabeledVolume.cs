namespace UNet3D.Lab.Experiments.Data;

/// <summary>
/// A multi-channel image with dense ground truth. <see cref="Image"/> is channel-major (C, Z, Y, X);
/// <see cref="Labels"/> is (Z, Y, X) with values from <see cref="SegmentationLabels"/>.
/// </summary>
public sealed class LabeledVolume
{
    public LabeledVolume(string name, VolumeShape shape, int channels, float[] image, byte[] labels)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (channels < 1) throw new ArgumentOutOfRangeException(nameof(channels), channels, "At least one channel is needed.");
        if (image.LongLength != shape.VoxelCount * channels)
            throw new ArgumentException($"Volume '{name}': image has {image.LongLength} values, expected {channels} × {shape} = {shape.VoxelCount * channels}.", nameof(image));
        if (labels.LongLength != shape.VoxelCount)
            throw new ArgumentException($"Volume '{name}': labels have {labels.LongLength} values, expected {shape.VoxelCount} for {shape}.", nameof(labels));
        Name = name;
        Shape = shape;
        Channels = channels;
        Image = image;
        Labels = labels;
    }

    public string Name { get; }
    public VolumeShape Shape { get; }
    public int Channels { get; }
    public float[] Image { get; }
    public byte[] Labels { get; }

    public long Index(int z, int y, int x) => ((long)z * Shape.Y + y) * Shape.X + x;
}
