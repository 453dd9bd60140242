namespace UNet3D.Lab.Experiments.Data.Formats;

/// <summary>
/// A volume file (NIfTI, TIFF, HDF5) this lab cannot read. The message starts with the file's name and names the
/// header field, tag, dataset or attribute at fault, e.g. "stack.tif: page 3: BitsPerSample = 12 is not supported".
/// An <see cref="IOException"/> because <see cref="InvalidDataException"/>, the closer fit, is sealed.
/// <see cref="NiftiFormatException"/> derives from it, so one catch covers every format.
/// </summary>
public class VolumeFormatException : IOException
{
    public VolumeFormatException()
    {
    }

    public VolumeFormatException(string message)
        : base(message)
    {
    }

    public VolumeFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
