namespace UNet3D.Lab.Experiments.Data.Formats;

/// <summary>An HDF5 file in pytorch-3dunet's layout: the image (dataset raw) and, when present, its label map (dataset label).</summary>
public sealed record Hdf5Volume(VolumeFile Raw, VolumeFile? Label);
