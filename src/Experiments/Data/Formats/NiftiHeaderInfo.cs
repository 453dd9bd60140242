namespace UNet3D.Lab.Experiments.Data.Formats;

/// <summary>What a NIfTI-1 header says, checked, without the voxels: see <see cref="NiftiReader.ReadHeader"/>.</summary>
public sealed class NiftiHeaderInfo
{
    internal NiftiHeaderInfo()
    {
    }

    public required int X { get; init; }
    public required int Y { get; init; }
    public required int Z { get; init; }

    /// <summary>dim[4] for 4D files; dim[5] for 5D "vector" files (whose dim[4] is 1); 1 for 3D.</summary>
    public required int Channels { get; init; }

    /// <summary>dim[0] as stored: 3, 4 or 5 (higher with sizes of 1 beyond).</summary>
    public required int Dimensions { get; init; }

    public required NiftiDataType DataType { get; init; }

    /// <summary>Absolute pixdim[1..3], in <see cref="Unit"/>; a zero pixdim reads as 1, as nifti1_io does.</summary>
    public required (double X, double Y, double Z) Spacing { get; init; }

    /// <summary>The spatial unit of xyzt_units (unknown for code 0, NIfTI's and nibabel's default).</summary>
    public required SpatialUnit Unit { get; init; }

    /// <summary>xyzt_units as stored: spatial unit in bits 0–2, time unit in bits 3–5.</summary>
    public required byte XyztUnits { get; init; }

    /// <summary>
    /// Voxel-to-world 4×4 in <see cref="Unit"/>, as stored: sform if sform_code &gt; 0, else qform if qform_code &gt; 0,
    /// else the spacing diagonal.
    /// </summary>
    public required double[,] Affine { get; init; }

    public required int QFormCode { get; init; }
    public required int SFormCode { get; init; }

    /// <summary>True when scl_slope is finite and non-zero: values are raw × <see cref="ScaleSlope"/> + <see cref="ScaleIntercept"/>.</summary>
    public required bool IsScaled { get; init; }

    public required double ScaleSlope { get; init; }
    public required double ScaleIntercept { get; init; }

    public required bool IsBigEndian { get; init; }

    /// <summary>Byte offset of the first voxel (vox_offset; 352 unless the file carries header extensions).</summary>
    public required long VoxelOffset { get; init; }

    public required string Description { get; init; }

    /// <summary>The geometry fields as stored, for writing an output on the same grid.</summary>
    public required NiftiHeaderTemplate Template { get; init; }

    public long VoxelsPerChannel => (long)X * Y * Z;

    /// <summary>Values in the file: voxels × channels.</summary>
    public long ValueCount => VoxelsPerChannel * Channels;

    public long VoxelDataBytes => ValueCount * DataType.BytesPerVoxel();
}
