namespace UNet3D.Lab.Experiments.Data;

/// <summary>One fully labelled plane: the slice at <see cref="Index"/> orthogonal to <see cref="Axis"/>.</summary>
public readonly record struct AnnotatedSlice(VolumeAxis Axis, int Index);
