namespace UNet3D.Lab.Experiments.Data.Formats;

/// <summary>Single-file NIfTI-1 (.nii, .nii.gz; gzip is recognised by its magic bytes), channels in the 4th dimension.</summary>
public sealed class NiftiFileFormat : VolumeFileFormat
{
    public override VolumeFormat Format => VolumeFormat.Nifti;

    public override string Name => "NIfTI-1";

    public override IReadOnlyList<string> Extensions { get; } = [".nii", ".nii.gz"];

    /// <summary>The 348-byte header alone: the voxels are not read.</summary>
    public override VolumeFileHeader ReadHeader(string path, string nameForErrors, VolumeLimits limits)
    {
        using var file = Open(path);
        var header = NiftiReader.ReadHeader(file, nameForErrors, StartsWithGzip(file));
        return new VolumeFileHeader(header.X, header.Y, header.Z, header.Channels, header.DataType.ToString());
    }

    public override VolumeFile Read(Stream stream, string nameForErrors, VolumeLimits limits)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(limits);
        // The header is read twice (once for the limit, once by the reader), so the stream must seek.
        if (!stream.CanSeek)
        {
            var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            buffer.Position = 0;
            stream = buffer;
        }
        var start = stream.Position;
        var gzip = StartsWithGzip(stream);
        var header = NiftiReader.ReadHeader(stream, nameForErrors, gzip);
        limits.Check(header.ValueCount, nameForErrors, $"dim ({header.X}x{header.Y}x{header.Z}, {header.Channels} channel(s))");
        stream.Position = start;
        return VolumeFile.FromNifti(NiftiReader.Read(stream, nameForErrors, gzip)).RequireFinite(nameForErrors);
    }

    public override NiftiImage ReadAsNifti(string path, VolumeLimits? limits = null)
    {
        var name = Path.GetFileName(path);
        var header = NiftiReader.ReadHeader(path);
        (limits ?? VolumeLimits.Default).Check(header.ValueCount, name, $"dim ({header.X}x{header.Y}x{header.Z}, {header.Channels} channel(s))");
        var image = NiftiReader.Read(path);
        VolumeFile.FromNifti(image).RequireFinite(name);
        return image;
    }

    public override void Write(string path, VolumeFile volume, VolumeDataType type)
    {
        ArgumentNullException.ThrowIfNull(volume);
        NiftiWriter.Write(path, volume.ToNifti(), type.ToNifti());
    }

    public override void WriteNifti(string path, NiftiImage image, VolumeDataType type) => NiftiWriter.Write(path, image, type.ToNifti());

    private static FileStream Open(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);

    /// <summary>True when the stream starts with gzip's magic bytes; the position is left where it was.</summary>
    private static bool StartsWithGzip(Stream stream)
    {
        var start = stream.Position;
        Span<byte> magic = stackalloc byte[2];
        var gzip = stream.ReadAtLeast(magic, 2, throwOnEndOfStream: false) == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
        stream.Position = start;
        return gzip;
    }
}
