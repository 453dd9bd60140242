namespace UNet3D.Lab.Experiments.Data.Formats;

/// <summary>Byte offsets of the NIfTI-1 header fields this lab uses (nifti1.h, struct nifti_1_header).</summary>
internal static class NiftiHeaderLayout
{
    public const int HeaderSize = 348;
    public const int Nifti2HeaderSize = 540;

    /// <summary>Header plus the 4-byte extension flag: where voxels start in a .nii without extensions.</summary>
    public const int MinimumVoxelOffset = 352;

    public const int SizeOfHeader = 0;
    public const int Dim = 40;          // short[8]
    public const int DataType = 70;     // short
    public const int BitPix = 72;       // short
    public const int PixDim = 76;       // float[8]
    public const int VoxOffset = 108;   // float
    public const int SclSlope = 112;    // float
    public const int SclInter = 116;    // float
    public const int XyztUnits = 123;   // byte
    public const int Description = 148; // char[80]
    public const int DescriptionLength = 80;
    public const int QFormCode = 252;   // short
    public const int SFormCode = 254;   // short
    public const int QuaternB = 256;    // float b, c, d, then qoffset x, y, z
    public const int QOffsetX = 268;
    public const int SRowX = 280;       // float[4] per row: srow_x, srow_y, srow_z
    public const int Magic = 344;       // char[4]
}
