using UNet3D.Lab.Experiments.Data.Formats;

namespace UNet3D.Lab.Experiments.Inference;

/// <summary>A segmented volume: the label map, optionally the class probabilities, and how many voxels each class got.</summary>
public sealed record SegmentationOutput(NiftiImage Labels, NiftiImage? Probabilities, long[] VoxelsPerClass);
