namespace UNet3D.Lab.Experiments.Data.Formats;

/// <summary>Multi-page TIFF stacks as Fiji/ImageJ write them (.tif, .tiff): uint8, uint16 and float32 are written.</summary>
public sealed class TiffFileFormat : VolumeFileFormat
{
    public override VolumeFormat Format => VolumeFormat.Tiff;

    public override string Name => "TIFF stack";

    public override IReadOnlyList<string> Extensions { get; } = [".tif", ".tiff"];

    /// <summary>
    /// A full read: a stack keeps no cheap header to trust. The reader refuses sizes over <paramref name="limits"/>
    /// before it allocates, which is what reading a header first protects against.
    /// </summary>
    public override VolumeFileHeader ReadHeader(string path, string nameForErrors, VolumeLimits limits) =>
        HeaderOf(Read(path, nameForErrors, limits));

    public override VolumeFile Read(Stream stream, string nameForErrors, VolumeLimits limits) =>
        TiffStackReader.Read(stream, nameForErrors, limits);

    public override void Write(string path, VolumeFile volume, VolumeDataType type) => TiffStackWriter.Write(path, volume, type);

    internal static VolumeFileHeader HeaderOf(VolumeFile volume) =>
        new(volume.Shape.X, volume.Shape.Y, volume.Shape.Z, volume.Channels, volume.SourceType);
}
