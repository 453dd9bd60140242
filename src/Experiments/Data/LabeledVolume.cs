using UNet3D.Lab.Experiments.Data.Formats;

namespace UNet3D.Lab.Experiments.Data;

/// <summary>
/// A multi-channel image with its ground truth. <see cref="Image"/> is channel-major (C, Z, Y, X);
/// <see cref="Labels"/> is (Z, Y, X) with labels of <see cref="LabelSet"/> (the paper's for the phantom): dense where
/// every voxel is known, or sparse where a researcher annotated some planes and the rest is
/// <see cref="LabelSet.Unlabeled"/>.
/// </summary>
public sealed class LabeledVolume
{
    /// <param name="spacing">Voxel size in <paramref name="spacingUnit"/>; null for 1 × 1 × 1 of unknown unit.</param>
    public LabeledVolume(string name, VolumeShape shape, int channels, float[] image, byte[] labels,
        (double X, double Y, double Z)? spacing = null, SpatialUnit spacingUnit = SpatialUnit.Unknown, LabelSet? labelSet = null)
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
        Spacing = spacing ?? (1, 1, 1);
        SpacingUnit = spacingUnit;
        LabelSet = labelSet ?? LabelSet.Paper;
        IsDense = Array.IndexOf(labels, LabelSet.Unlabeled) < 0;
    }

    public string Name { get; }
    public VolumeShape Shape { get; }
    public int Channels { get; }
    public float[] Image { get; }
    public byte[] Labels { get; }

    /// <summary>The classes <see cref="Labels"/> name and the value of voxels nobody annotated.</summary>
    public LabelSet LabelSet { get; }

    /// <summary>Voxel size along x, y and z, in <see cref="SpacingUnit"/> (µm for the phantom).</summary>
    public (double X, double Y, double Z) Spacing { get; }

    /// <summary>The unit of <see cref="Spacing"/>, as the volume's source declared it.</summary>
    public SpatialUnit SpacingUnit { get; }

    /// <summary>True when every voxel has a label: annotations can then be cut from any plane.</summary>
    public bool IsDense { get; }

    public long Index(int z, int y, int x) => ((long)z * Shape.Y + y) * Shape.X + x;
}
