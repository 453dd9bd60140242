namespace UNet3D.Lab.Experiments.Data.Formats;

/// <summary>The file formats <see cref="VolumeFormats"/> reads and writes.</summary>
public enum VolumeFormat
{
    /// <summary>Single-file NIfTI-1: .nii, .nii.gz.</summary>
    Nifti,

    /// <summary>Multi-page TIFF stacks as Fiji/ImageJ write them: .tif, .tiff.</summary>
    Tiff,

    /// <summary>HDF5 in pytorch-3dunet's layout (datasets raw and label): .h5, .hdf5, .hdf.</summary>
    Hdf5,
}
