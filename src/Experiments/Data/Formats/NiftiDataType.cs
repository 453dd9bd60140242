namespace UNet3D.Lab.Experiments.Data.Formats;

/// <summary>The NIfTI-1 voxel types this lab reads and writes; each value is the header's <c>datatype</c> code.</summary>
public enum NiftiDataType
{
    UInt8 = 2,
    Int16 = 4,
    Int32 = 8,
    Float32 = 16,
    Float64 = 64,
    UInt16 = 512,
}
