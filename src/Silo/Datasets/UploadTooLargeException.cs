using System.Globalization;

namespace UNet3D.Lab.Silo.Datasets;

/// <summary>An upload larger than <c>Lab:Datasets:MaxUploadBytes</c>; the message names the limit, and the field and file when known.</summary>
public sealed class UploadTooLargeException : Exception
{
    public UploadTooLargeException()
    {
    }

    public UploadTooLargeException(string message)
        : base(message)
    {
    }

    public UploadTooLargeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public UploadTooLargeException(long limit, string? field, string? fileName, Exception? innerException = null)
        : base(Describe(limit, field, fileName), innerException)
    {
        Limit = limit;
        Field = field;
    }

    /// <summary>A refusal already described (as an upload grain sends it back): the field at fault and the message.</summary>
    public UploadTooLargeException(string? field, string message)
        : base(message)
    {
        Field = field;
    }

    public long Limit { get; }

    public string? Field { get; }

    public static string Describe(long limit, string? field, string? fileName)
    {
        var what = field is null ? "the upload" : fileName is null ? $"{field}: the upload" : $"{field} file '{fileName}': the upload";
        return $"{what} exceeds the limit of {Format(limit)} (Lab:Datasets:MaxUploadBytes = {limit.ToString(CultureInfo.InvariantCulture)} bytes).";
    }

    /// <summary>Bytes as people read them: 1 GiB, 512 MiB, 1.5 KiB, 100 bytes.</summary>
    public static string Format(long bytes)
    {
        string[] units = ["bytes", "KiB", "MiB", "GiB", "TiB"];
        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? $"{bytes.ToString(CultureInfo.InvariantCulture)} bytes" : $"{value.ToString("0.##", CultureInfo.InvariantCulture)} {units[unit]}";
    }
}
