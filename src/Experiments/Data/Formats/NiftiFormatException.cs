namespace UNet3D.Lab.Experiments.Data.Formats;

/// <summary>
/// A file that is not a NIfTI-1 image this lab can read. The message names the file and the header field at fault,
/// e.g. "volume.nii: dim[1] = -4 is not a positive size". An <see cref="IOException"/> because
/// <see cref="InvalidDataException"/>, the closer fit, is sealed; callers that handle unreadable files catch both.
/// </summary>
public sealed class NiftiFormatException : IOException
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
