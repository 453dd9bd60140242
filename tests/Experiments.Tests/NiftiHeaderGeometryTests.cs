using System.Buffers.Binary;
using UNet3D.Lab.Experiments.Data.Formats;

namespace UNet3D.Lab.Experiments.Tests;

/// <summary>
/// Units and header geometry: the spatial unit travels with the numbers, never converted, and an image made on an
/// input's grid (<see cref="NiftiImage.WithVoxels"/>) is written with the input's geometry fields bit for bit.
/// </summary>
public sealed class NiftiHeaderGeometryTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "unet3d-lab-tests", "nifti-geometry-" + Guid.NewGuid().ToString("N"));

    public NiftiHeaderGeometryTests() => Directory.CreateDirectory(folder);

    public void Dispose()
    {
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }

    [Theory]
    [InlineData(SpatialUnit.Unknown, 0)]
    [InlineData(SpatialUnit.Meter, 1)]
    [InlineData(SpatialUnit.Millimeter, 2)]
    [InlineData(SpatialUnit.Micron, 3)]
    public void The_unit_is_written_as_its_code_and_read_back_with_the_numbers_unchanged(SpatialUnit unit, byte code)
    {
        var path = Path.Combine(folder, "units.nii");
        NiftiWriter.Write(path, new NiftiImage(3, 3, 3, 1, new float[27], (1.76, 1.76, 2.04), unit), NiftiDataType.UInt8);
        Assert.Equal(code, File.ReadAllBytes(path)[123]);

        var read = NiftiReader.Read(path);
        Assert.Equal(unit, read.Unit);
        Assert.Equal(unit, NiftiReader.ReadHeader(path).Unit);
        Assert.Equal((1.76, 1.76, 2.04), (Math.Round(read.Spacing.X, 6), Math.Round(read.Spacing.Y, 6), Math.Round(read.Spacing.Z, 6)));
        Assert.Equal(read.Spacing.X, read.Affine[0, 0]);
    }

    [Fact]
    public void Time_unit_bits_and_unusual_codes_are_kept_when_the_header_is_copied()
    {
        // mm (2) with seconds (8) in the time bits; then code 5, which names no spatial unit.
        foreach (var units in new byte[] { 2 | 8, 5 })
        {
            var raw = new RawNiftiFile { XyztUnits = units };
            var input = Path.Combine(folder, "timed.nii");
            File.WriteAllBytes(input, raw.Build(new byte[16]));
            var image = NiftiReader.Read(input);
            Assert.Equal(units == 5 ? SpatialUnit.Unknown : SpatialUnit.Millimeter, image.Unit);
            Assert.Equal(units, NiftiReader.ReadHeader(input).XyztUnits);

            var output = Path.Combine(folder, "timed-labels.nii");
            NiftiWriter.Write(output, image.WithVoxels(1, new float[8], NiftiDataType.UInt8, "labels"), NiftiDataType.UInt8);
            Assert.Equal(units, File.ReadAllBytes(output)[123]);
        }
    }

    [Fact]
    public void Copied_header_keeps_every_geometry_field_bit_for_bit_and_changes_only_what_the_output_needs()
    {
        var raw = new RawNiftiFile { BigEndian = true, DataType = 16, BitPix = 32, QFormCode = 2, SFormCode = 4, XyztUnits = 3, SclSlope = 2, SclInter = 1 };
        (raw.PixDim[0], raw.PixDim[1], raw.PixDim[2], raw.PixDim[3], raw.PixDim[4]) = (-1, 0.3f, -0.7f, 1.1f, 2.5f);
        float[] quatern = [0.1f, -0.2f, 0.3f, -12.34f, 56.78f, 9.1f];
        quatern.CopyTo(raw.Quatern, 0);
        (raw.SRow[0][1], raw.SRow[1][3], raw.SRow[2][2]) = (0.123f, -45.6f, 1e-7f);
        var input = Path.Combine(folder, "big.nii");
        File.WriteAllBytes(input, raw.Build(raw.Encode(NiftiDataType.Float32, new double[8])));
        var image = NiftiReader.Read(input);

        var output = Path.Combine(folder, "probabilities.nii");
        NiftiWriter.Write(output, image.WithVoxels(3, new float[24], NiftiDataType.Float32, "three channels"), NiftiDataType.Float32);
        var written = File.ReadAllBytes(output).AsSpan();
        var source = raw.Header().AsSpan();

        // pixdim[0..7], xyzt_units, qform_code, sform_code, quatern_*, qoffset_*, srow_*: the input's, byte-swapped.
        for (var i = 0; i < 8; i++) Assert.Equal(BinaryPrimitives.ReadSingleBigEndian(source[(76 + 4 * i)..]), BinaryPrimitives.ReadSingleLittleEndian(written[(76 + 4 * i)..]));
        Assert.Equal(3, written[123]);
        Assert.Equal((short)2, BinaryPrimitives.ReadInt16LittleEndian(written[252..]));
        Assert.Equal((short)4, BinaryPrimitives.ReadInt16LittleEndian(written[254..]));
        for (var i = 0; i < 18; i++) Assert.Equal(BinaryPrimitives.ReadSingleBigEndian(source[(256 + 4 * i)..]), BinaryPrimitives.ReadSingleLittleEndian(written[(256 + 4 * i)..]));
        // The output's own fields: dim (4D, three channels), datatype, bitpix, no scaling, its description.
        short[] dim = [4, 2, 2, 2, 3, 1, 1, 1];
        for (var i = 0; i < 8; i++) Assert.Equal(dim[i], BinaryPrimitives.ReadInt16LittleEndian(written[(40 + 2 * i)..]));
        Assert.Equal((short)16, BinaryPrimitives.ReadInt16LittleEndian(written[70..]));
        Assert.Equal(1f, BinaryPrimitives.ReadSingleLittleEndian(written[112..]));
        Assert.Equal(0f, BinaryPrimitives.ReadSingleLittleEndian(written[116..]));
        Assert.Equal("three channels", NiftiReader.Read(output).Description);
        Assert.Equal(image.Affine, NiftiReader.Read(output).Affine);
    }
}
