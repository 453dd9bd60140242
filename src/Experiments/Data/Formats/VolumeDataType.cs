namespace UNet3D.Lab.Experiments.Data.Formats;

/// <summary>
/// Voxel types a volume can be written as. Each writer supports a subset (TIFF: the three ImageJ has, uint8, uint16
/// and float32); <see cref="VolumeFile.SourceType"/> names these the same way ("uint8", "float32").
/// </summary>
public enum VolumeDataType
{
    UInt8,
    Int16,
    UInt16,
    Int32,
    Float32,
    Float64,
}
