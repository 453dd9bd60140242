namespace UNet3D.Lab.Experiments.Data.Formats;

/// <summary>
/// A file that is not a NIfTI-1 image this lab can read. The message names the file and the header field at fault,
/// e.g. "volume.nii: dim[1] = -4 is not a positive size". A <see cref="VolumeFormatException"/>, so callers that
/// handle any unreadable volume file catch that one type.
/// </summary>
public sealed class NiftiFormatException : VolumeFormatException
{
    public NiftiFormatException()
    {
    }

    public NiftiFormatException(string message)
        : base(message)
    {
    }

    public NiftiFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
