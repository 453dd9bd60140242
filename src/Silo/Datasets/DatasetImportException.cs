namespace UNet3D.Lab.Silo.Datasets;

/// <summary>
/// An import the store refused. <see cref="Field"/> is the request field at fault (image, labels, name, labelKind,
/// unlabeledValue); the message names the file where there is one, e.g. "scan.nii: dim[1] = 0 is not a positive size".
/// Nothing of a refused import is stored.
/// </summary>
public sealed class DatasetImportException : Exception
{
    public DatasetImportException()
    {
        Field = "";
    }

    public DatasetImportException(string message)
        : base(message)
    {
        Field = "";
    }

    public DatasetImportException(string message, Exception innerException)
        : base(message, innerException)
    {
        Field = "";
    }

    public DatasetImportException(string field, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Field = field;
    }

    public string Field { get; }
}
