using System.Buffers.Binary;
using static UNet3D.Lab.Experiments.Data.Formats.NiftiHeaderLayout;

namespace UNet3D.Lab.Experiments.Data.Formats;

/// <summary>
/// The geometry fields of a NIfTI-1 header as stored: pixdim[0..7], xyzt_units, qform_code, sform_code,
/// quatern_b/c/d, qoffset_x/y/z and srow_x/y/z. A file written from a template carries these bit for bit, so an
/// output (a prediction) keeps its input's units, transform codes and affine exactly, whatever they are.
/// </summary>
public sealed class NiftiHeaderTemplate
{
    private readonly float[] pixDim;
    private readonly float[] quatern;
    private readonly float[] sRows;

    internal NiftiHeaderTemplate(float[] pixDim, byte xyztUnits, short qFormCode, short sFormCode, float[] quatern, float[] sRows)
    {
        if (pixDim.Length != 8 || quatern.Length != 6 || sRows.Length != 12)
            throw new ArgumentException($"A header template needs 8 pixdim, 6 quatern/qoffset and 12 srow values, got {pixDim.Length}, {quatern.Length}, {sRows.Length}.");
        this.pixDim = (float[])pixDim.Clone();
        this.quatern = (float[])quatern.Clone();
        this.sRows = (float[])sRows.Clone();
        XyztUnits = xyztUnits;
        QFormCode = qFormCode;
        SFormCode = sFormCode;
    }

    /// <summary>pixdim[0..7]: qfac, the voxel sizes (signed, as stored), then the time step and beyond.</summary>
    public IReadOnlyList<float> PixDim => pixDim;

    /// <summary>xyzt_units as stored: the spatial unit in bits 0–2, the time unit in bits 3–5.</summary>
    public byte XyztUnits { get; }

    public SpatialUnit SpatialUnit => SpatialUnits.FromNifti(XyztUnits);

    public short QFormCode { get; }
    public short SFormCode { get; }

    /// <summary>quatern_b, quatern_c, quatern_d, qoffset_x, qoffset_y, qoffset_z.</summary>
    public IReadOnlyList<float> Quatern => quatern;

    /// <summary>srow_x, srow_y, srow_z, four values each.</summary>
    public IReadOnlyList<float> SRows => sRows;

    /// <summary>
    /// The fields for an image made in memory: pixdim = <paramref name="spacing"/>, the unit's code, the sform as
    /// <paramref name="affine"/>'s rows and the qform from its rotation (identity orientation when the affine is not a
    /// rotation times the spacing), both with code 1 (scanner), so readers that only know one of them agree.
    /// </summary>
    internal static NiftiHeaderTemplate For((double X, double Y, double Z) spacing, SpatialUnit unit, double[,] affine)
    {
        var rotated = NiftiAffine.TryToQuaternion(affine, spacing, out var quaternion, out var qfac);
        if (!rotated) (quaternion, qfac) = ((0, 0, 0), 1);
        float[] pixDim = [(float)qfac, (float)spacing.X, (float)spacing.Y, (float)spacing.Z, 1, 1, 1, 1];
        float[] quatern = [(float)quaternion.B, (float)quaternion.C, (float)quaternion.D, (float)affine[0, 3], (float)affine[1, 3], (float)affine[2, 3]];
        var sRows = new float[12];
        for (var row = 0; row < 3; row++)
        for (var column = 0; column < 4; column++)
            sRows[4 * row + column] = (float)affine[row, column];
        return new NiftiHeaderTemplate(pixDim, (byte)unit, 1, 1, quatern, sRows);
    }

    /// <summary>Writes the fields into a little-endian header at nifti1.h's offsets.</summary>
    internal void WriteTo(Span<byte> header)
    {
        for (var i = 0; i < pixDim.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(header[(NiftiHeaderLayout.PixDim + 4 * i)..], pixDim[i]);
        header[NiftiHeaderLayout.XyztUnits] = XyztUnits;
        BinaryPrimitives.WriteInt16LittleEndian(header[NiftiHeaderLayout.QFormCode..], QFormCode);
        BinaryPrimitives.WriteInt16LittleEndian(header[NiftiHeaderLayout.SFormCode..], SFormCode);
        for (var i = 0; i < quatern.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(header[(QuaternB + 4 * i)..], quatern[i]);
        for (var i = 0; i < sRows.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(header[(SRowX + 4 * i)..], sRows[i]);
    }
}
